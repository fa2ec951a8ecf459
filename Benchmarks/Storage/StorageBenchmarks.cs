// The data structures of Server/Storage on their own, without commands or protocol: the hash
// table (dict.c), the listpack (listpack.c), the quicklist (quicklist.c) and the skip list
// (t_zset.c's zsl*), at sizes where each is used.

using System.Text;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Benchmarks.Storage;

[MemoryDiagnoser]
public class StorageBenchmarks
{
    private const int DictSize = 100_000;
    private const int ListpackEntries = 128;   // hash-max-listpack-entries' default
    private const int QuicklistSize = 10_000;
    private const int SkipListSize = 10_000;

    private readonly Dict<int> _dict = new();
    private byte[][] _keys = null!;
    private readonly byte[] _missing = "missing:0000042"u8.ToArray();
    private readonly byte[] _churnKey = "churn:key"u8.ToArray();

    private readonly Listpack _listpack = new();
    private readonly byte[] _lastField = Encoding.ASCII.GetBytes($"field:{ListpackEntries - 1}");
    private readonly byte[] _value = "value:0123456789"u8.ToArray();

    private readonly Quicklist _quicklist = new(-2); // list-max-listpack-size's default: 8 KB nodes

    private readonly SkipList _skipList = new();
    private readonly byte[] _middleMember = Encoding.ASCII.GetBytes($"member:{SkipListSize / 2}");

    [GlobalSetup]
    public void Setup()
    {
        _keys = new byte[DictSize][];
        for (int i = 0; i < DictSize; i++)
        {
            _keys[i] = Encoding.ASCII.GetBytes($"key:{i:D7}");
            _dict.TryAdd(_keys[i], i);
        }
        for (int i = 0; i < ListpackEntries; i++)
        {
            _listpack.Append(new Listpack.Element(Encoding.ASCII.GetBytes($"field:{i}")));
            _listpack.Append(new Listpack.Element(_value));
        }
        for (int i = 0; i < QuicklistSize; i++) _quicklist.Push(_value, head: false);
        // The tail pushes filled the head node: start a new one, or each push at the head would make a
        // node that the pop frees again (Redis's quicklist churns the same way at a full node's edge).
        _quicklist.Push(_value, head: true);
        _quicklist.Push(_value, head: true);
        for (int i = 0; i < SkipListSize; i++) _skipList.Insert(i, Encoding.ASCII.GetBytes($"member:{i}"));
    }

    /// <summary>A lookup that finds its key among 100,000 (GET's first step).</summary>
    [Benchmark]
    public bool DictLookupHit() => _dict.TryGetValue(_keys[42_042], out _);

    /// <summary>A lookup of a missing key among 100,000.</summary>
    [Benchmark]
    public bool DictLookupMiss() => _dict.TryGetValue(_missing, out _);

    /// <summary>Adding a key and removing it again: the entry is the only allocation.</summary>
    [Benchmark]
    public bool DictAddRemove()
    {
        _dict.TryAdd(_churnKey, 1);
        return _dict.Remove(_churnKey);
    }

    /// <summary>Finding the last field of a full listpack-encoded hash (HGET's linear search).</summary>
    [Benchmark]
    public int ListpackFindLastField() => _listpack.Find(new Listpack.Element(_lastField), skip: 1);

    /// <summary>Appending an entry and deleting it again at the end of a listpack.</summary>
    [Benchmark]
    public int ListpackAppendDelete()
    {
        _listpack.Append(new Listpack.Element(_value));
        _listpack.Delete(_listpack.Last);
        return _listpack.Count;
    }

    /// <summary>A push at the head and a pop at the head of a 10,000-element quicklist (LPUSH, LPOP).</summary>
    [Benchmark]
    public long QuicklistPushPop()
    {
        _quicklist.Push(_value, head: true);
        _quicklist.DeleteRange(0, 1);
        return _quicklist.Count;
    }

    /// <summary>The element in the middle of a 10,000-element quicklist (LINDEX): a walk over the nodes.</summary>
    [Benchmark]
    public int QuicklistIndexMiddle()
    {
        Span<byte> digits = stackalloc byte[Listpack.DigitsLength];
        _quicklist.TryGet(QuicklistSize / 2, digits, out var value);
        return value.Length;
    }

    /// <summary>The rank of the middle member of a 10,000-member skip list (ZRANK).</summary>
    [Benchmark]
    public long SkipListRank() => _skipList.GetRank(SkipListSize / 2, _middleMember);

    /// <summary>Moving the middle member to the end and back (ZINCRBY): two node moves, no allocation.</summary>
    [Benchmark]
    public double SkipListMoveAndBack()
    {
        var node = _skipList.GetByRank(SkipListSize / 2 + 1)!;
        node = _skipList.UpdateScore(node, SkipListSize * 2);
        node = _skipList.UpdateScore(node, SkipListSize / 2);
        return node.Score;
    }
}
