// The arguments of one parsed command: byte slices into a backing buffer, never strings.
// cf. c->argv / c->argc in Redis's client struct (Redis copies each argument into an sds;
// we point into the query buffer instead, so parsing a command allocates nothing).

using System.Text;

namespace EventLoopRedis.Protocol;

/// <summary>
/// argv of the command being executed. Each argument is an (offset, length) pair into
/// <see cref="Buffer"/>, which is the client's query buffer for network clients, or a
/// private buffer for the Lua pseudo-client. The slices stay valid until the command
/// has run; nothing may keep a span past that.
/// </summary>
internal sealed class ArgList
{
    private int[] _offsets = new int[8];
    private int[] _lengths = new int[8];

    public byte[] Buffer { get; private set; } = [];
    public int Count { get; private set; }

    public ReadOnlySpan<byte> this[int index] => Buffer.AsSpan(_offsets[index], _lengths[index]);

    /// <summary>Copies argument <paramref name="index"/> into a new array (for keys and values that get stored).</summary>
    public byte[] ToArray(int index) => this[index].ToArray();

    public void Reset(byte[] buffer)
    {
        Buffer = buffer;
        Count = 0;
    }

    public void Add(int offset, int length)
    {
        if (Count == _offsets.Length)
        {
            Array.Resize(ref _offsets, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }
        _offsets[Count] = offset;
        _lengths[Count] = length;
        Count++;
    }

    /// <summary>A copy that owns its bytes, for a command that must outlive the query buffer (queued by MULTI).</summary>
    public ArgList Clone()
    {
        int size = 0;
        for (int i = 0; i < Count; i++) size += _lengths[i];
        var copy = new ArgList();
        copy.Reset(new byte[size]);
        copy.EnsureCapacity(Count);
        int at = 0;
        for (int i = 0; i < Count; i++)
        {
            this[i].CopyTo(copy.Buffer.AsSpan(at));
            copy.Add(at, _lengths[i]);
            at += _lengths[i];
        }
        return copy;
    }

    /// <summary>Makes room for <paramref name="count"/> arguments in one step (the multibulk header announces it).</summary>
    public void EnsureCapacity(int count)
    {
        if (count <= _offsets.Length) return;
        int size = Math.Max(count, _offsets.Length * 2);
        Array.Resize(ref _offsets, size);
        Array.Resize(ref _lengths, size);
    }

    /// <summary>Moves every slice by <paramref name="delta"/> after the backing buffer was compacted.</summary>
    public void Shift(byte[] buffer, int delta)
    {
        Buffer = buffer;
        for (int i = 0; i < Count; i++) _offsets[i] += delta;
    }

    /// <summary>Case-insensitive ASCII comparison of argument <paramref name="index"/> with a keyword.</summary>
    public bool Is(int index, ReadOnlySpan<byte> keyword) => Ascii.EqualsIgnoreCase(this[index], keyword);

    /// <summary>
    /// Like <see cref="Is"/>, but compared the way Redis's strcasecmp sees its NUL-terminated
    /// argument: the argument ends at its first NUL byte, so "NX\0junk" is still NX. Redis
    /// parses command options this way, so their parsers use this.
    /// </summary>
    public bool IsOption(int index, ReadOnlySpan<byte> keyword) => Ascii.EqualsIgnoreCase(CString(this[index]), keyword);

    /// <summary>The bytes before the first NUL, as C string functions would see an argument.</summary>
    public static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> arg)
    {
        int nul = arg.IndexOf((byte)0);
        return nul < 0 ? arg : arg[..nul];
    }
}
