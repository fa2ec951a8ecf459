// What the loader throws when a file or payload is not valid RDB: the message names what is wrong.
// cf. rdbReportCorruptRDB and rdbReportReadError in rdb.c.

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>A corrupt or truncated RDB file or DUMP payload, and where in it the loader was (-1 until known).</summary>
internal sealed class RdbFormatException(string message) : Exception(message)
{
    /// <summary>The byte offset in the input where reading stopped.</summary>
    public long Offset { get; init; } = -1;
}
