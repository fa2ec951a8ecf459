// The point-in-time image behind BGSAVE, taken without fork: the loop walks the keyspace a slice at a
// time, and a key about to change before the walk reaches it is serialised first, as it was at the start.
// Redis gets the same image from fork()'s copy-on-write pages (cf. rdbSaveBackground and rdbSaveRio in rdb.c).

using System.Buffers;
using System.Diagnostics;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence;

/// <summary>
/// Where a snapshot's keys go, in file order: the RDB writer, or a
/// recorder in tests. <see cref="SerializeEntry"/> must produce exactly the bytes <see cref="WriteKey"/>
/// would write, so that an entry serialised early can be spliced in later with <see cref="WriteRaw"/>.
/// </summary>
internal interface ISnapshotOutput
{
    /// <summary>Opens the section of database <paramref name="db"/>, with its size when the save started.</summary>
    void BeginDatabase(int db, long keys, long expires);

    /// <summary>Writes one key (expiry, type, key, value); <paramref name="expireAtMs"/> is -1 without a time to live.</summary>
    void WriteKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs);

    /// <summary>The bytes <see cref="WriteKey"/> would write, into a side buffer; reads the value before it returns.</summary>
    void SerializeEntry(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs);

    /// <summary>Appends entries made by <see cref="SerializeEntry"/>.</summary>
    void WriteRaw(ReadOnlySpan<byte> entries);
}

/// <summary>
/// A consistent image of every database as it was at the moment the snapshot was made (T0), written
/// while clients keep changing the data.
/// <para>
/// The walk: each database that held keys at T0 is a <see cref="Source"/>: its keyspace table (the
/// <see cref="Dict{TValue}"/> object itself, held on to even if FLUSHDB or SWAPDB hands the database a
/// different one) walked with <see cref="Dict{TValue}.Scan"/>. A scan's cursor splits the table's buckets
/// into those visited and those not, and since the table is kept from shrinking meanwhile, whether a key
/// has been passed is a function of its hash and the cursor (<see cref="Dict{TValue}.ScanHasVisited"/>):
/// no field per key is needed.
/// </para>
/// <para>
/// Copy-on-write at key level: every change to a key goes through <see cref="Database.AboutToChange"/>
/// first (the database's own writes and deletions, lazy and active expiry, the executor for every key a
/// write command names, blocked clients being served). If the walk has not passed that key, its value as
/// at T0 is serialised on the spot (the key is "settled"): straight into the file when the walk is in that
/// database, into the database's side buffer otherwise, which is spliced in when the walk gets there. A key
/// settled while absent is one created after T0, and the walk skips it too. So every key of T0 is written
/// once, with its T0 value and time to live, and no key created later is.
/// </para>
/// </summary>
internal sealed class Snapshot : IDisposable
{
    private sealed class Source(int db, Dict<RedisObject> keys, Dict<long> expires)
    {
        public readonly int Db = db;
        public readonly Dict<RedisObject> Keys = keys;
        public readonly Dict<long> Expires = expires;
        public readonly long KeysAtStart = keys.Count;
        public readonly long ExpiresAtStart = expires.Count;
        public ulong Cursor;
        public bool Started;
        public bool Finished;
        // Keys dealt with outside the walk (serialised early, or absent at T0): the walk skips them.
        public Dict<bool>? Settled;
        // Entries serialised early while the walk was still in an earlier database.
        public ArrayBufferWriter<byte>? Early;
    }

    private readonly Database[] _databases;
    private readonly ISnapshotOutput _output;
    private readonly Source[] _sources;
    private readonly Action<byte[], RedisObject> _visit;
    private readonly Database.KeyChangingHandler _keyChanging;
    private readonly ArrayBufferWriter<byte> _scratch = new();
    private int _current;
    private int _sliceKeys;
    private bool _disposed;

    /// <summary>
    /// Takes the image's moment, T0: records which tables hold keys now and hooks every database's
    /// <see cref="Database.KeyChanging"/>. Nothing is written until <see cref="Step"/>.
    /// </summary>
    public Snapshot(Database[] databases, ISnapshotOutput output)
    {
        _databases = databases;
        _output = output;
        var sources = new List<Source>();
        foreach (var db in databases)
        {
            if (db.Count == 0) continue;
            var source = new Source(db.Id, db.KeysTable, db.ExpiresTable);
            source.Keys.PauseShrinking();
            sources.Add(source);
        }
        _sources = [.. sources];
        _visit = Visit;
        _keyChanging = KeyChanging;
        foreach (var db in databases) db.KeyChanging = _keyChanging;
    }

    /// <summary>True once every key of T0 has been handed to the output.</summary>
    public bool IsComplete => _current == _sources.Length;

    /// <summary>Keys written by the walk plus keys serialised early: the image's size so far.</summary>
    public long KeysWritten { get; private set; }

    /// <summary>Bytes of entries serialised early because their key was about to change (INFO's rdb_last_cow_size here).</summary>
    public long CopyOnWriteBytes { get; private set; }

    /// <summary>How many keys were serialised early.</summary>
    public long CopyOnWriteKeys { get; private set; }

    /// <summary>
    /// Writes keys until the image is complete, <paramref name="maxKeys"/> keys were written, or the
    /// Stopwatch reaches <paramref name="deadlineTicks"/> (checked after each bucket, so one slice may
    /// exceed it by one bucket's keys). Returns the keys written.
    /// </summary>
    public int Step(int maxKeys, long deadlineTicks)
    {
        _sliceKeys = 0;
        while (_current < _sources.Length)
        {
            var source = _sources[_current];
            if (!source.Started)
            {
                source.Started = true;
                _output.BeginDatabase(source.Db, source.KeysAtStart, source.ExpiresAtStart);
                if (source.Early is { } early) _output.WriteRaw(early.WrittenSpan);
                source.Early = null;
            }
            do
            {
                source.Cursor = source.Keys.Scan(source.Cursor, _visit);
                if (source.Cursor == 0)
                {
                    Finish(source);
                    _current++;
                    break;
                }
            } while (_sliceKeys < maxKeys && Stopwatch.GetTimestamp() < deadlineTicks);
            if (_sliceKeys >= maxKeys || Stopwatch.GetTimestamp() >= deadlineTicks) break;
        }
        KeysWritten += _sliceKeys;
        return _sliceKeys;
    }

    private void Visit(byte[] key, RedisObject value)
    {
        var source = _sources[_current];
        if (source.Settled is { } settled && settled.TryGetValue(key, out _)) return;
        _output.WriteKey(key, value, ExpireOf(source, key));
        _sliceKeys++;
    }

    private static long ExpireOf(Source source, ReadOnlySpan<byte> key) =>
        source.Expires.Count > 0 && source.Expires.TryGetValue(key, out long when) ? when : -1;

    /// <summary>The copy-on-write step: see the class summary.</summary>
    private void KeyChanging(Database db, ReadOnlySpan<byte> key)
    {
        var source = SourceOf(db.KeysTable);
        if (source is null || source.Finished) return;
        if (source.Started && source.Keys.ScanHasVisited(key, source.Cursor)) return;
        var settled = source.Settled ??= new Dict<bool>();
        if (!settled.TryAdd(key.ToArray(), true)) return;
        if (!source.Keys.TryGetValue(key, out var value)) return; // created after T0: not part of the image

        _scratch.ResetWrittenCount();
        _output.SerializeEntry(_scratch, key, value, ExpireOf(source, key));
        CopyOnWriteBytes += _scratch.WrittenCount;
        CopyOnWriteKeys++;
        KeysWritten++;
        if (source.Started) _output.WriteRaw(_scratch.WrittenSpan);
        else (source.Early ??= new ArrayBufferWriter<byte>()).Write(_scratch.WrittenSpan);
    }

    // The tables move between databases (SWAPDB) or leave them (FLUSHDB): a source is found by its table.
    private Source? SourceOf(Dict<RedisObject> table)
    {
        for (int i = _current; i < _sources.Length; i++)
        {
            if (ReferenceEquals(_sources[i].Keys, table)) return _sources[i];
        }
        return null;
    }

    private static void Finish(Source source)
    {
        source.Finished = true;
        source.Settled = null;
        source.Keys.ResumeShrinking();
    }

    /// <summary>Unhooks the databases and lets their tables shrink again: on completion, or to abandon the image.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var db in _databases)
        {
            if (db.KeyChanging == _keyChanging) db.KeyChanging = null;
        }
        for (; _current < _sources.Length; _current++) Finish(_sources[_current]);
    }
}
