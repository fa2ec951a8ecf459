// Tests for HyperLogLog: the header and cache bit, register packing, the sparse opcodes (splits,
// VAL merges, promotion to dense), the estimator, merging and corrupt input. cf. hyperloglog.c.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class HyperLogLogTests
{
    private static HllBuffer Empty()
    {
        var bytes = HyperLogLog.CreateEmpty();
        return new HllBuffer(bytes, bytes.Length);
    }

    private static byte[] Sparse(params byte[] opcodes) => [.. "HYLL"u8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, .. opcodes];

    private static HllBuffer Buffer(byte[] bytes) => new((byte[])bytes.Clone(), bytes.Length);

    private static int Add(ref HllBuffer hll, string element, long sparseMaxBytes = 3000) =>
        HyperLogLog.Add(ref hll, Encoding.ASCII.GetBytes(element), sparseMaxBytes);

    [Test]
    public void AnEmptyHllIsOneXZeroOverAllRegisters()
    {
        byte[] expected = [.. "HYLL"u8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xff];
        Assert.That(HyperLogLog.CreateEmpty(), Is.EqualTo(expected));
        Assert.That(HyperLogLog.DecodeSparse(expected), Is.EqualTo("Z:16384"));
        Assert.That(HyperLogLog.TryCount(expected, out ulong count), Is.True);
        Assert.That(count, Is.Zero);
    }

    // Registers and runs as redis-server 7.0.15's PFDEBUG DECODE shows them after one PFADD.
    [TestCase("a", 12711, 2)]
    [TestCase("abc", 9474, 1)]
    [TestCase("hello world", 9399, 4)]
    public void AnElementGoesToTheRegisterRedisPicks(string element, int register, int run)
    {
        Assert.That(HyperLogLog.PatternLength(Encoding.ASCII.GetBytes(element), out int index), Is.EqualTo(run));
        Assert.That(index, Is.EqualTo(register));
        var hll = Empty();
        Assert.That(Add(ref hll, element), Is.EqualTo(1));
        Assert.That(HyperLogLog.DecodeSparse(hll.Span), Is.EqualTo($"Z:{register} v:{run},1 Z:{16383 - register}"));
        Assert.That(Add(ref hll, element), Is.Zero, "the same element changes nothing");
    }

    [Test]
    public void DenseRegistersKeepTheirValuesWithoutTouchingNeighbours()
    {
        var random = new Random(3);
        var registers = new byte[HyperLogLog.DenseSize - HyperLogLog.HeaderSize];
        var expected = new int[HyperLogLog.RegisterCount];
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] = random.Next(64);
                HyperLogLog.SetRegister(registers, i, expected[i]);
            }
            for (int i = 0; i < expected.Length; i++) Assert.That(HyperLogLog.GetRegister(registers, i), Is.EqualTo(expected[i]));
        }
    }

    [Test]
    public void RegistersArePackedSixBitsFromTheLowBitUp()
    {
        var registers = new byte[12288];
        HyperLogLog.SetRegister(registers, 0, 0b000001);
        HyperLogLog.SetRegister(registers, 1, 0b111111);
        Assert.That(registers[0], Is.EqualTo(0b1100_0001));
        Assert.That(registers[1], Is.EqualTo(0b0000_1111));
        HyperLogLog.SetRegister(registers, 16383, 63);
        Assert.That(registers[12287], Is.EqualTo(0b1111_1100));
    }

    [Test]
    public void SplittingRunsAndMergingEqualNeighbours()
    {
        var hll = Empty();
        Assert.That(HyperLogLog.Set(ref hll, 100, 3, 3000), Is.EqualTo(1));
        Assert.That(HyperLogLog.DecodeSparse(hll.Span), Is.EqualTo("Z:100 v:3,1 Z:16283"));
        HyperLogLog.Set(ref hll, 101, 3, 3000);
        Assert.That(HyperLogLog.DecodeSparse(hll.Span), Is.EqualTo("Z:100 v:3,2 Z:16282"));
        HyperLogLog.Set(ref hll, 0, 1, 3000);
        HyperLogLog.Set(ref hll, 102, 5, 3000);
        HyperLogLog.Set(ref hll, 110, 2, 3000);
        Assert.That(HyperLogLog.DecodeSparse(hll.Span), Is.EqualTo("v:1,1 Z:99 v:3,2 v:5,1 z:7 v:2,1 Z:16273"));
        Assert.That(HyperLogLog.Set(ref hll, 101, 2, 3000), Is.Zero, "a lower value changes nothing");
        HyperLogLog.Set(ref hll, 100, 4, 3000);
        Assert.That(HyperLogLog.DecodeSparse(hll.Span), Is.EqualTo("v:1,1 Z:99 v:4,1 v:3,1 v:5,1 z:7 v:2,1 Z:16273"));
        Assert.That(hll.Length, Is.EqualTo(HyperLogLog.HeaderSize + 10));
        Assert.That(hll.Bytes.AsSpan(hll.Length).ContainsAnyExcept((byte)0), Is.False, "spare room stays zero");
    }

    [Test]
    public void AValueAbove32TurnsTheHllDense()
    {
        var hll = Empty();
        HyperLogLog.Set(ref hll, 7, 5, 3000);
        HyperLogLog.SetCachedCount(hll.Span, 1);
        Assert.That(HyperLogLog.Set(ref hll, 9, 33, 3000), Is.EqualTo(1));
        Assert.That(HyperLogLog.IsSparse(hll.Span), Is.False);
        Assert.That(hll.Length, Is.EqualTo(HyperLogLog.DenseSize));
        Assert.That(HyperLogLog.IsValid(hll.Span), Is.True);
        var registers = hll.Span[HyperLogLog.HeaderSize..];
        Assert.That(HyperLogLog.GetRegister(registers, 7), Is.EqualTo(5));
        Assert.That(HyperLogLog.GetRegister(registers, 9), Is.EqualTo(33));
        Assert.That(HyperLogLog.TryGetCachedCount(hll.Span, out long cached), Is.True, "the header is kept");
        Assert.That(cached, Is.EqualTo(1));
    }

    [Test]
    public void GrowingPastTheSparseLimitTurnsTheHllDense()
    {
        var hll = Empty();
        int added = 0;
        while (HyperLogLog.IsSparse(hll.Span))
        {
            Assert.That(hll.Length, Is.LessThanOrEqualTo(100));
            Add(ref hll, $"element {added++}", sparseMaxBytes: 100);
        }
        Assert.That(added, Is.GreaterThan(10));
        Assert.That(hll.Length, Is.EqualTo(HyperLogLog.DenseSize));
    }

    [Test]
    public void SparseAndDenseFormsEstimateTheSame()
    {
        var sparse = Empty();
        var dense = Empty();
        Assert.That(HyperLogLog.TryToDense(ref dense), Is.True);
        for (int i = 1; i <= 20_000; i++)
        {
            Add(ref sparse, $"item:{i}");
            Add(ref dense, $"item:{i}");
            if (i is 1 or 10 or 100 or 1000 or 20_000)
            {
                Assert.That(HyperLogLog.TryCount(sparse.Span, out ulong a), Is.True);
                Assert.That(HyperLogLog.TryCount(dense.Span, out ulong b), Is.True);
                Assert.That(a, Is.EqualTo(b), $"after {i}");
                Assert.That((double)a, Is.EqualTo(i).Within(i * 0.05 + 1), $"estimate after {i}");
            }
        }
        Assert.That(HyperLogLog.IsSparse(sparse.Span), Is.False, "20,000 elements do not fit 3000 bytes");
    }

    [Test]
    public void TheCachedCountIsValidUntilInvalidated()
    {
        var hll = HyperLogLog.CreateEmpty();
        HyperLogLog.SetCachedCount(hll, 12345);
        Assert.That(HyperLogLog.TryGetCachedCount(hll, out long count), Is.True);
        Assert.That(count, Is.EqualTo(12345));
        HyperLogLog.InvalidateCache(hll);
        Assert.That(HyperLogLog.TryGetCachedCount(hll, out _), Is.False);
        Assert.That(hll[15], Is.EqualTo(0x80));
    }

    [Test]
    public void MergingTakesTheMaximumOfEachRegister()
    {
        var a = Empty();
        var b = Empty();
        HyperLogLog.Set(ref a, 1, 4, 3000);
        HyperLogLog.Set(ref a, 2, 1, 3000);
        HyperLogLog.Set(ref b, 2, 6, 3000);
        HyperLogLog.Set(ref b, 16383, 40, 3000); // dense
        var max = new byte[HyperLogLog.RegisterCount];
        Assert.That(HyperLogLog.TryMergeInto(max, a.Span), Is.True);
        Assert.That(HyperLogLog.TryMergeInto(max, b.Span), Is.True);
        Assert.That(max[1..3], Is.EqualTo(new byte[] { 4, 6 }));
        Assert.That(max[16383], Is.EqualTo(40));
        Assert.That(max.Count(r => r != 0), Is.EqualTo(3));
        Assert.That(HyperLogLog.CountRaw(max), Is.EqualTo(3));
    }

    [Test]
    public void StoringMergedRegistersKeepsSparseUnlessTold()
    {
        var max = new byte[HyperLogLog.RegisterCount];
        max[5] = 2;
        max[6] = 2;
        max[9000] = 7;
        var sparse = Empty();
        Assert.That(HyperLogLog.TryStoreRegisters(ref sparse, max, toDense: false, 3000), Is.True);
        Assert.That(HyperLogLog.DecodeSparse(sparse.Span), Is.EqualTo("z:5 v:2,2 Z:8993 v:7,1 Z:7383"));
        Assert.That(HyperLogLog.TryGetCachedCount(sparse.Span, out _), Is.False);

        var dense = Empty();
        Assert.That(HyperLogLog.TryStoreRegisters(ref dense, max, toDense: true, 3000), Is.True);
        Assert.That(HyperLogLog.IsSparse(dense.Span), Is.False);
        Assert.That(HyperLogLog.GetRegister(dense.Span[HyperLogLog.HeaderSize..], 9000), Is.EqualTo(7));
        Assert.That(HyperLogLog.TryCount(dense.Span, out ulong a) && HyperLogLog.TryCount(sparse.Span, out ulong b) && a == b, Is.True);

        var corrupt = Buffer(Sparse(0x7f, 0xfe));
        Assert.That(HyperLogLog.TryStoreRegisters(ref corrupt, max, toDense: true, 3000), Is.False);
    }

    [TestCase(new byte[] { 0x7f, 0xfe }, TestName = "Runs short of the registers")]
    [TestCase(new byte[] { 0x7f, 0xff, 0x00 }, TestName = "A ZERO past the last register")]
    [TestCase(new byte[] { 0x7f, 0xff, 0x80 }, TestName = "A VAL past the last register")]
    [TestCase(new byte[] { 0x7f, 0xfb, 0x83, 0x83 }, TestName = "A VAL run reaching past the last register")]
    public void CorruptSparseOpcodesAreDetected(byte[] opcodes)
    {
        var bytes = Sparse(opcodes);
        Assert.That(HyperLogLog.IsValid(bytes), Is.True, "the header alone looks fine");
        Assert.That(HyperLogLog.TryMergeInto(new byte[HyperLogLog.RegisterCount], bytes), Is.False);
        var hll = Buffer(bytes);
        Assert.That(HyperLogLog.TryToDense(ref hll), Is.False);
        Assert.That(hll.Span.SequenceEqual(bytes), Is.True, "left as it was");
    }

    [Test]
    public void AnAddThatFindsNoOpcodeForItsRegisterIsCorrupt()
    {
        var hll = Buffer(Sparse(0x40, 0x00)); // XZERO covering one register only
        Assert.That(HyperLogLog.Set(ref hll, 5, 1, 3000), Is.EqualTo(-1));
        Assert.That(HyperLogLog.Set(ref hll, 0, 1, 3000), Is.EqualTo(1));
        Assert.That(HyperLogLog.DecodeSparse(hll.Span), Is.EqualTo("v:1,1"));
    }

    [Test]
    public void OnlyTheHeaderAndTheDenseLengthAreChecked()
    {
        var dense = Empty();
        HyperLogLog.TryToDense(ref dense);
        Assert.That(HyperLogLog.IsValid(dense.Span), Is.True);
        Assert.That(HyperLogLog.IsValid(dense.Span[..^1]), Is.False);
        Assert.That(HyperLogLog.IsValid([.. dense.Span, 0]), Is.False);
        Assert.That(HyperLogLog.IsValid(Sparse()), Is.True);
        Assert.That(HyperLogLog.IsValid(Sparse()[..15]), Is.False);
        Assert.That(HyperLogLog.IsValid([.. "HYLX"u8, .. Sparse()[4..]]), Is.False);
        Assert.That(HyperLogLog.IsValid([.. Sparse()[..4], 2, .. Sparse()[5..]]), Is.False);
    }
}
