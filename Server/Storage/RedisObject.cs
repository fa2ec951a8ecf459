// A value stored under a key: its type, its encoding and its data.
// cf. robj in server.h (type, encoding, lru, ptr) and object.c (createStringObject,
// tryObjectEncoding, getDecodedObject), db.c (dbUnshareStringValue), sds.c (sdsMakeRoomFor).

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Storage;

/// <summary>The types of Redis 7.0's data model covered so far; each name, lower-cased, is what TYPE replies.</summary>
internal enum RedisType : byte
{
    String,
    List,
    Set,
    ZSet,
    Hash,
    Stream,
}

/// <summary>How a value is laid out; OBJECT ENCODING reports <see cref="RedisObject.EncodingName"/>.</summary>
internal enum ObjectEncoding : byte
{
    /// <summary>A string in a buffer of its own, which may have spare room at the end for growth (Redis's raw sds).</summary>
    Raw,
    /// <summary>A short string (at most 44 bytes) made in one piece and never modified in place (Redis's embstr).</summary>
    Embstr,
    /// <summary>A string that is a canonical 64-bit integer, kept as the number itself.</summary>
    Int,
    /// <summary>A small list, hash or sorted set kept as one compact sequence of entries (OBJ_ENCODING_LISTPACK).</summary>
    Listpack,
    /// <summary>A list grown past list-max-listpack-size: a chain of listpack nodes (OBJ_ENCODING_QUICKLIST).</summary>
    Quicklist,
    /// <summary>A hash or set in a hash table (OBJ_ENCODING_HT).</summary>
    Hashtable,
    /// <summary>A set of integers only, kept as a sorted array (OBJ_ENCODING_INTSET).</summary>
    Intset,
    /// <summary>A sorted set in a skip list beside a hash table (OBJ_ENCODING_SKIPLIST).</summary>
    Skiplist,
    /// <summary>A stream: entries in nodes ordered by ID, plus its consumer groups (OBJ_ENCODING_STREAM).</summary>
    Stream,
}

/// <summary>
/// The data structure behind a list, hash, set or sorted set value. The structure owns its
/// encoding and converts it at the configured thresholds (as t_list.c, t_hash.c, t_set.c and
/// t_zset.c do), so commands see one API per type and never an encoding.
/// </summary>
internal interface ICollectionValue
{
    /// <summary>How many elements (list items, hash fields, members) it holds. A command that empties it deletes the key.</summary>
    long Count { get; }

    /// <summary>The encoding in use now, for OBJECT ENCODING.</summary>
    ObjectEncoding Encoding { get; }

    /// <summary>An independent copy with the same contents and encoding, for COPY.</summary>
    ICollectionValue Duplicate();
}

/// <summary>
/// A collection that HSCAN, SSCAN or ZSCAN can walk with a cursor. A compact encoding returns
/// everything in one call with cursor 0 (as Redis does for a listpack or intset); a hash table
/// walks its buckets as the keyspace SCAN does, with the same guarantee: an element present for
/// the whole iteration is returned at least once, whatever resizing happens between calls.
/// </summary>
internal interface IScannableCollection : ICollectionValue
{
    /// <summary>
    /// Adds about <paramref name="count"/> elements from <paramref name="cursor"/> on to
    /// <paramref name="into"/>, each followed by its value (hash) or formatted score (sorted set),
    /// and returns the next cursor, 0 when the iteration is over.
    /// </summary>
    ulong Scan(ulong cursor, long count, List<byte[]> into);
}

/// <summary>A value's place in its database's queue of values to measure again.</summary>
internal enum MeasureState : byte
{
    /// <summary>Measured: <see cref="RedisObject.AccountedBytes"/> is what the estimate holds for it.</summary>
    Settled,
    /// <summary>Changed since it was last measured; in a queue, measured when the estimate is next read.</summary>
    Queued,
    /// <summary>Still in a queue, but it left the database: the queue drops it without measuring.</summary>
    Gone,
}

/// <summary>
/// The value of a key. <see cref="LastAccessMs"/> is what OBJECT IDLETIME reads, updated
/// on every lookup like Redis's LRU clock.
/// <para>
/// Strings come in Redis's three encodings. An int string holds its number in
/// <see cref="Integer"/> (no byte array at all, so INCR allocates nothing). An embstr string
/// is one allocation, as in Redis: its bytes sit inside the object, after its fields (a
/// private subclass per size class of 8 to 48 bytes), so a short value costs one object
/// header instead of two. A raw string keeps its bytes in <see cref="Value"/> as a byte[]
/// whose first <see cref="StringLength"/> bytes are the string; only a raw buffer may be
/// longer than the string: APPEND, SETRANGE and SETBIT grow it with spare room, as sds does,
/// so repeated appends cost amortised O(1) per byte instead of a copy each time. An embstr
/// string that is modified becomes raw or int in place (the object stays the one the
/// keyspace holds), leaving its inline bytes unused.
/// </para>
/// <para>
/// Fields are packed as robj's are: the type, the string encoding and the ownership flag are
/// bytes, so the object is 48 bytes with its header (an embstr adds its inline bytes).
/// </para>
/// </summary>
internal class RedisObject
{
    /// <summary>Strings up to this length are embstr, longer ones raw (OBJ_ENCODING_EMBSTR_SIZE_LIMIT).</summary>
    public const int EmbstrSizeLimit = 44;

    /// <summary>Above this size a growing string gains 1 MB of spare room instead of doubling (SDS_MAX_PREALLOC).</summary>
    private const int MaxPrealloc = 1024 * 1024;

    private long _integer;
    private int _length;

    /// <summary>
    /// True while the raw buffer is known to be referenced by this object alone, so it may
    /// be written in place. A buffer handed out through <see cref="Bytes"/> may be kept
    /// by the caller, so it is copied before the next in-place write: our counterpart of
    /// the refcount test in dbUnshareStringValue.
    /// </summary>
    private bool _ownsBuffer;

    // The encoding of a string (the string accessors read it directly, keeping GET free of
    // a type test); a collection's encoding belongs to its structure.
    private ObjectEncoding _stringEncoding;

    public RedisType Type { get; }

    /// <summary>
    /// Where this value stands with the dataset estimate's queue of values to measure again (see
    /// <see cref="Database.DatasetBytes"/>): a byte in the padding the other small fields leave, so
    /// the object stays 48 bytes, and a write queues a value with a test instead of a set insertion.
    /// </summary>
    internal MeasureState Measure { get; set; }

    public ObjectEncoding Encoding => Value is ICollectionValue collection ? collection.Encoding : _stringEncoding;

    /// <summary>
    /// The data of the value. For a string, do not read this directly: it is null for an int
    /// and may be longer than the string for raw; use <see cref="Bytes"/>, <see cref="StringSpan"/>
    /// or <see cref="DecodedString"/>.
    /// </summary>
    public object? Value { get; private set; }

    /// <summary>
    /// Redis's 24-bit lru field, as the maxmemory-policy reads it (see <see cref="ObjectAccess"/>):
    /// under LRU the Unix milliseconds of the last access, under LFU the minutes of the last
    /// decrement (16 bits) above an 8-bit logarithmic access counter. Switching policies
    /// reinterprets the bits, as in Redis.
    /// </summary>
    public long LastAccessMs { get; set; }

    /// <summary>
    /// The bytes the dataset estimate counted for this value when it last measured it (see
    /// <see cref="Database.DatasetBytes"/>). It takes no field of its own: it lives in the slot an
    /// int string keeps its number in, and for an int string (whose size never changes) in the
    /// length slot, which an int string does not use.
    /// </summary>
    public long AccountedBytes
    {
        get => IsIntString ? _length : _integer;
        set
        {
            if (IsIntString) _length = (int)Math.Min(value, int.MaxValue);
            else _integer = value;
        }
    }

    private bool IsIntString => Type == RedisType.String && _stringEncoding == ObjectEncoding.Int;

    private RedisObject(RedisType type, ObjectEncoding encoding, object? value)
    {
        Type = type;
        _stringEncoding = encoding;
        Value = value;
    }

    /// <summary>The inline bytes of an embstr string (the whole size class; the string is the first <c>_length</c>).</summary>
    private protected virtual Span<byte> Inline => Span<byte>.Empty;

    /// <summary>Bytes held inside the object for an embstr string (its size class), 0 for every other object.</summary>
    public virtual int InlineCapacity => 0;

    // ---- collections -------------------------------------------------------------

    /// <summary>A list, hash, set or sorted set value over <paramref name="structure"/>, cf. createQuicklistObject and friends.</summary>
    public static RedisObject Collection(RedisType type, ICollectionValue structure)
    {
        Debug.Assert(type != RedisType.String);
        return new RedisObject(type, structure.Encoding, structure);
    }

    /// <summary>The structure of a collection value, as its type's class (the caller has checked <see cref="Type"/>).</summary>
    public T As<T>() where T : class, ICollectionValue => (T)Value!;

    // ---- creating strings --------------------------------------------------------

    /// <summary>
    /// A string holding exactly <paramref name="bytes"/>, cf. createStringObject: embstr (a copy
    /// inside the object) up to 44 bytes, else raw over the array itself.
    /// </summary>
    public static RedisObject String(byte[] bytes) =>
        bytes.Length <= EmbstrSizeLimit
            ? Embedded(bytes)
            : new(RedisType.String, ObjectEncoding.Raw, bytes) { _length = bytes.Length };

    /// <summary>An embstr string: the object of the smallest size class that holds <paramref name="bytes"/>, cf. createEmbeddedStringObject.</summary>
    private static RedisObject Embedded(ReadOnlySpan<byte> bytes)
    {
        Debug.Assert(bytes.Length <= EmbstrSizeLimit);
        RedisObject value = ((bytes.Length + 7) >> 3) switch
        {
            <= 1 => new EmbeddedString<Words1>(),
            2 => new EmbeddedString<Words2>(),
            3 => new EmbeddedString<Words3>(),
            4 => new EmbeddedString<Words4>(),
            5 => new EmbeddedString<Words5>(),
            _ => new EmbeddedString<Words6>(),
        };
        value._length = bytes.Length;
        bytes.CopyTo(value.Inline);
        return value;
    }

    /// <summary>
    /// A raw string over a buffer the caller gives away, cf. createObject(OBJ_STRING, sds):
    /// what SETRANGE, SETBIT, BITFIELD and BITOP create, raw whatever their length.
    /// </summary>
    public static RedisObject RawString(byte[] buffer) =>
        new(RedisType.String, ObjectEncoding.Raw, buffer) { _length = buffer.Length, _ownsBuffer = true };

    /// <summary>An int-encoded string, cf. createStringObjectFromLongLongForValue (INCR's results).</summary>
    public static RedisObject FromLong(long value) =>
        new(RedisType.String, ObjectEncoding.Int, null) { _integer = value };

    /// <summary>
    /// A string for a value a client sent, in the compact form tryObjectEncoding picks: int
    /// when it is a canonical 64-bit integer of at most 20 characters, else a copy of the
    /// bytes. (SET, SETNX, SETEX, MSET, GETSET and APPEND of a new key store values this way.)
    /// </summary>
    public static RedisObject EncodedString(ReadOnlySpan<byte> value)
    {
        if (Numbers.TryParseLong(value, out long number)) return FromLong(number);
        if (value.Length <= EmbstrSizeLimit) return Embedded(value);
        return RawString(value.ToArray());
    }

    // ---- reading strings ---------------------------------------------------------

    /// <summary>The number of an int-encoded string.</summary>
    public long Integer
    {
        get
        {
            Debug.Assert(_stringEncoding == ObjectEncoding.Int);
            return _integer;
        }
    }

    /// <summary>The length of the string in bytes, without formatting an int (cf. stringObjectLen).</summary>
    public int StringLength => _stringEncoding == ObjectEncoding.Int ? Numbers.FormattedLength(_integer) : _length;

    /// <summary>
    /// The bytes of the string without allocating, cf. getObjectReadOnlyString: an int is
    /// formatted into <paramref name="digits"/> (at least 20 bytes, usually stackalloc'ed).
    /// The span is valid until the value changes.
    /// </summary>
    public ReadOnlySpan<byte> StringSpan(Span<byte> digits)
    {
        Debug.Assert(Type == RedisType.String);
        if (_stringEncoding == ObjectEncoding.Int) return digits[..Numbers.FormatLong(_integer, digits)];
        if (_stringEncoding == ObjectEncoding.Embstr) return Inline[.._length];
        return ((byte[])Value!).AsSpan(0, _length);
    }

    /// <summary>
    /// The bytes of the string as memory a command may hold while it reads other keys (BITOP,
    /// LCS), cf. getDecodedObject: an int is formatted, and an embstr copied, into a new array.
    /// </summary>
    public ReadOnlyMemory<byte> DecodedString() =>
        _stringEncoding == ObjectEncoding.Raw ? ((byte[])Value!).AsMemory(0, _length) : Bytes;

    /// <summary>
    /// The string as an array of exactly its length, for code outside the hot path. An int
    /// is formatted, and an embstr copied, into a new array; a raw buffer with spare room is
    /// trimmed first (cf. trimStringObjectIfNeeded). The array may be shared with this object:
    /// never write to it.
    /// </summary>
    public byte[] Bytes
    {
        get
        {
            Debug.Assert(Type == RedisType.String);
            if (_stringEncoding == ObjectEncoding.Int)
            {
                Span<byte> digits = stackalloc byte[20];
                return digits[..Numbers.FormatLong(_integer, digits)].ToArray();
            }
            if (_stringEncoding == ObjectEncoding.Embstr) return Inline[.._length].ToArray();
            var buffer = (byte[])Value!;
            if (buffer.Length != _length) Value = buffer = buffer.AsSpan(0, _length).ToArray();
            _ownsBuffer = false;
            return buffer;
        }
    }

    // ---- changing strings in place -----------------------------------------------

    /// <summary>Makes this an int-encoded string holding <paramref name="value"/> (INCR, DECR...).</summary>
    public void SetInteger(long value)
    {
        Debug.Assert(Type == RedisType.String);
        long accounted = AccountedBytes;
        _stringEncoding = ObjectEncoding.Int;
        Value = null;
        _ownsBuffer = false;
        _integer = value;
        AccountedBytes = accounted;
    }

    /// <summary>
    /// The whole string as writable bytes, at least <paramref name="minLength"/> long (new
    /// bytes are zero), for APPEND, SETRANGE, SETBIT and BITFIELD. Like dbUnshareStringValue
    /// followed by sdsgrowzero, an int or embstr string (or a buffer others may hold) first
    /// becomes a raw string of its own, and growth leaves spare room the way sdsMakeRoomFor
    /// does (double below 1 MB, then 1 MB more).
    /// </summary>
    public Span<byte> WritableString(int minLength)
    {
        Debug.Assert(Type == RedisType.String);
        long accounted = AccountedBytes;
        Span<byte> digits = stackalloc byte[20];
        var current = StringSpan(digits);
        int length = Math.Max(current.Length, minLength);
        bool inPlace = _stringEncoding == ObjectEncoding.Raw && _ownsBuffer && ((byte[])Value!).Length >= length;
        if (!inPlace)
        {
            int capacity = length;
            if (length > current.Length)
                capacity = (int)Math.Min(length < MaxPrealloc ? 2L * length : (long)length + MaxPrealloc, Array.MaxLength);
            var buffer = new byte[capacity];
            current.CopyTo(buffer);
            Value = buffer;
            _stringEncoding = ObjectEncoding.Raw;
            _ownsBuffer = true;
        }
        // Spare room is always zero (strings never shrink in place), so growing in place needs no clearing.
        _length = length;
        AccountedBytes = accounted;
        return ((byte[])Value!).AsSpan(0, length);
    }

    /// <summary>
    /// For a structure kept inside a string that edits it in place and may grow or shrink it
    /// (HyperLogLog): the string's own raw buffer, unshared first as by dbUnshareStringValue (so an
    /// int or embstr string becomes raw), with its length. Bytes past the length are zero; hand the
    /// buffer back, or a new one, with <see cref="SetRawString"/>.
    /// </summary>
    public byte[] UnsharedBuffer(out int length)
    {
        WritableString(0);
        length = _length;
        return (byte[])Value!;
    }

    /// <summary>Makes the first <paramref name="length"/> bytes of <paramref name="buffer"/> the raw string (the rest must be zero).</summary>
    public void SetRawString(byte[] buffer, int length)
    {
        Debug.Assert(Type == RedisType.String && length <= buffer.Length);
        long accounted = AccountedBytes;
        Value = buffer;
        _length = length;
        _stringEncoding = ObjectEncoding.Raw;
        _ownsBuffer = true;
        AccountedBytes = accounted;
    }

    /// <summary>An embstr string: the object's fields followed by <typeparamref name="TWords"/> of bytes, one allocation.</summary>
    private sealed class EmbeddedString<TWords>() : RedisObject(RedisType.String, ObjectEncoding.Embstr, null)
        where TWords : struct
    {
        private TWords _bytes;

        private protected override Span<byte> Inline =>
            MemoryMarshal.CreateSpan(ref Unsafe.As<TWords, byte>(ref _bytes), Unsafe.SizeOf<TWords>());

        public override int InlineCapacity => Unsafe.SizeOf<TWords>();
    }

    /// <summary>The name OBJECT ENCODING replies with, as Redis names its encodings.</summary>
    public string EncodingName => Encoding switch
    {
        ObjectEncoding.Int => "int",
        ObjectEncoding.Embstr => "embstr",
        ObjectEncoding.Raw => "raw",
        ObjectEncoding.Listpack => "listpack",
        ObjectEncoding.Quicklist => "quicklist",
        ObjectEncoding.Hashtable => "hashtable",
        ObjectEncoding.Intset => "intset",
        ObjectEncoding.Stream => "stream",
        _ => "skiplist",
    };
}

// The inline bytes of an embstr string, in 8-byte words: size classes of 8 to 48 bytes cover
// strings up to EmbstrSizeLimit (44 bytes) with at most 7 bytes unused.
[InlineArray(1)] internal struct Words1 { private ulong _word; }
[InlineArray(2)] internal struct Words2 { private ulong _word; }
[InlineArray(3)] internal struct Words3 { private ulong _word; }
[InlineArray(4)] internal struct Words4 { private ulong _word; }
[InlineArray(5)] internal struct Words5 { private ulong _word; }
[InlineArray(6)] internal struct Words6 { private ulong _word; }
