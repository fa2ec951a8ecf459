// Random bytes from the kernel, read from /dev/urandom as Redis's getRandomBytes does (cf. util.c).
// Not RandomNumberGenerator: on Linux that goes through OpenSSL, and loading libcrypto at start-up
// costs a fresh server about 5 MB of RSS (docs/reliability.md, "Lever by lever").

namespace EventLoopRedis.Util;

/// <summary>Seeds and ids: the hash seed, the run id, the replication id, ACL GENPASS.</summary>
internal static class RandomBytes
{
    /// <summary>
    /// Fills <paramref name="into"/> from /dev/urandom; where that cannot be read, from the
    /// runtime's own secure source behind <see cref="Guid.NewGuid"/> (122 random bits per guid).
    /// </summary>
    public static void Fill(Span<byte> into)
    {
        try
        {
            using var handle = File.OpenHandle("/dev/urandom");
            int done = 0;
            while (done < into.Length)
            {
                int read = RandomAccess.Read(handle, into[done..], 0);
                if (read <= 0) throw new IOException("short read from /dev/urandom");
                done += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            for (int at = 0; at < into.Length; at += 16)
            {
                var guid = Guid.NewGuid().ToByteArray();
                guid.AsSpan(0, Math.Min(16, into.Length - at)).CopyTo(into[at..]);
            }
        }
    }

    /// <summary><paramref name="length"/> random bytes as lower-case hex (a run id, a replication id).</summary>
    public static string Hex(int length)
    {
        Span<byte> bytes = stackalloc byte[length];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
