// The full-sync payload's receiver: where a bulk of known length ends, and where a diskless transfer's
// EOF mark is found, however the bytes are split into reads. cf. readSyncBulkPayload in replication.c.

using System.Text;
using EventLoopRedis.Replication;

namespace EventLoopRedis.Tests.Replication;

[TestFixture]
public class MasterLinkPayloadTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => _dir = Directory.CreateTempSubdirectory("payload-tests-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    private static readonly string Mark = new string('m', 20) + new string('k', 20);

    [Test]
    public void ALengthPayloadTakesItsBytesAndLeavesTheStreamThatFollows()
    {
        using var payload = MasterLinkPayload.Open("$10", _dir, out _)!;
        Assert.That(payload.Length, Is.EqualTo(10));
        Assert.That(payload.Append("0123"u8), Is.EqualTo(4));
        Assert.That(payload.Complete, Is.False);
        Assert.That(payload.Append("456789*1\r\n$4\r\nPING\r\n"u8), Is.EqualTo(6), "the rest is the command stream");
        Assert.That(payload.Complete, Is.True);
        Assert.That(File.ReadAllText(payload.Path), Is.EqualTo("0123456789"));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(39)]
    [TestCase(40)]
    [TestCase(41)]
    [TestCase(1000)]
    public void AnEofMarkIsFoundAndCutWhateverTheReadSizes(int readSize)
    {
        using var payload = MasterLinkPayload.Open("$EOF:" + Mark, _dir, out _)!;
        Assert.That(payload.UsesEofMark, Is.True);
        Assert.That(payload.Length, Is.EqualTo(-1));
        // The body holds the mark's first half and most of the mark: only the exact 40 bytes at the end count.
        byte[] body = Encoding.Latin1.GetBytes("REDIS0010" + new string('m', 30) + Mark[..39] + "x" + new string('z', 200));
        byte[] all = [.. body, .. Encoding.Latin1.GetBytes(Mark)];
        for (int at = 0; at < all.Length; at += readSize)
        {
            Assert.That(payload.Complete, Is.False, $"complete before byte {at}");
            var piece = all.AsSpan(at, Math.Min(readSize, all.Length - at));
            Assert.That(payload.Append(piece), Is.EqualTo(piece.Length));
        }
        Assert.That(payload.Complete, Is.True);
        Assert.That(File.ReadAllBytes(payload.Path), Is.EqualTo(body));
    }

    [Test]
    public void AHeaderThatIsNoBulkIsRedisProtocolError()
    {
        Assert.That(MasterLinkPayload.Open("+OK", _dir, out string error), Is.Null);
        Assert.That(error, Is.EqualTo("Bad protocol from MASTER, the first byte is not '$' (we received '+OK'), are you sure the host and port are right?"));
    }

    [Test]
    public void DisposingDeletesTheTemporaryFile()
    {
        var payload = MasterLinkPayload.Open("$3", _dir, out _)!;
        payload.Append("abc"u8);
        string path = payload.Path;
        Assert.That(File.Exists(path), Is.True);
        payload.Dispose();
        Assert.That(File.Exists(path), Is.False);
    }
}
