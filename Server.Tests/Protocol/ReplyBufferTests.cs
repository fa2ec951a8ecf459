// Pure-bytes tests of the reply encoder in RESP2 and RESP3.

using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Tests.Protocol;

public class ReplyBufferTests
{
    private static string Encode(int protocol, Action<ReplyBuffer> write)
    {
        var reply = new ReplyBuffer { Protocol = protocol };
        write(reply);
        return Encoding.Latin1.GetString(reply.TakeAll());
    }

    [TestCase(2, "$-1\r\n")]
    [TestCase(3, "_\r\n")]
    public void NullBulkDependsOnProtocol(int protocol, string expected) =>
        Assert.That(Encode(protocol, r => r.NullBulk()), Is.EqualTo(expected));

    [TestCase(2, "*-1\r\n")]
    [TestCase(3, "_\r\n")]
    public void NullArrayDependsOnProtocol(int protocol, string expected) =>
        Assert.That(Encode(protocol, r => r.NullArray()), Is.EqualTo(expected));

    [Test]
    public void ADeferredArrayLengthGoesBeforeItsElements()
    {
        var reply = new ReplyBuffer();
        reply.Integer(7);
        reply.Advance(4); // as if the first reply were already sent
        reply.Simple("before"u8);
        int mark = reply.DeferArrayLength();
        var big = new byte[40_000]; // forces the buffer to grow while the length is deferred
        big.AsSpan().Fill((byte)'x');
        for (int i = 0; i < 12; i++) reply.Integer(i);
        reply.Bulk(big);
        reply.SetDeferredArrayLength(mark, 13);
        reply.Ok();
        string expected = "+before\r\n*13\r\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $":{i}\r\n"))
                          + "$40000\r\n" + new string('x', 40_000) + "\r\n+OK\r\n";
        Assert.That(Encoding.Latin1.GetString(reply.TakeAll()), Is.EqualTo(expected));
    }

    [TestCase(2, "*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n")]
    [TestCase(3, "%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n")]
    public void MapIsFlatArrayInResp2(int protocol, string expected) =>
        Assert.That(Encode(protocol, r =>
        {
            r.MapHeader(2);
            r.Bulk("a"u8);
            r.Integer(1);
            r.Bulk("b"u8);
            r.Integer(2);
        }), Is.EqualTo(expected));

    [TestCase(2, "$5\r\nhello\r\n")]
    [TestCase(3, "=9\r\ntxt:hello\r\n")]
    public void VerbatimIsBulkInResp2(int protocol, string expected) =>
        Assert.That(Encode(protocol, r => r.Verbatim("hello"u8, "txt"u8)), Is.EqualTo(expected));

    [TestCase(2, ":1\r\n:0\r\n$3\r\n1.5\r\n*1\r\n$1\r\nx\r\n")]
    [TestCase(3, "#t\r\n#f\r\n,1.5\r\n~1\r\n$1\r\nx\r\n")]
    public void Resp3TypesFallBackToResp2Forms(int protocol, string expected) =>
        Assert.That(Encode(protocol, r =>
        {
            r.Bool(true);
            r.Bool(false);
            r.Double("1.5"u8);
            r.SetHeader(1);
            r.Bulk("x"u8);
        }), Is.EqualTo(expected));

    [Test]
    public void ErrorTextCannotBreakTheProtocol() =>
        Assert.That(Encode(2, r => r.Error("ERR bad\r\nthing"u8)), Is.EqualTo("-ERR bad  thing\r\n"));

    [Test]
    public void ErrorsAreCountedAndReported()
    {
        var seen = new List<string>();
        var reply = new ReplyBuffer { OnError = text => seen.Add(Encoding.ASCII.GetString(text)) };
        reply.Error("WRONGTYPE x"u8);
        Assert.That(reply.ErrorCount, Is.EqualTo(1));
        Assert.That(seen, Is.EqualTo(new[] { "WRONGTYPE x" }));
    }

    [Test]
    public void IntegersAndBulksUseExactDigits() =>
        Assert.That(Encode(2, r =>
        {
            r.Integer(long.MinValue);
            r.BulkLong(-42);
            r.Bulk(""u8);
        }), Is.EqualTo(":-9223372036854775808\r\n$3\r\n-42\r\n$0\r\n\r\n"));

    [Test]
    public void PartialSendKeepsTheRestPending()
    {
        var reply = new ReplyBuffer();
        reply.Bulk("abcdef"u8);
        reply.Advance(4);
        Assert.That(Encoding.Latin1.GetString(reply.Pending), Is.EqualTo("abcdef\r\n"));
        reply.Advance(reply.PendingBytes);
        Assert.That(reply.PendingBytes, Is.Zero);
    }

    [Test]
    public void TruncatePendingDropsOnlyWhatCameAfterTheMark()
    {
        var reply = new ReplyBuffer();
        reply.Ok();
        int mark = reply.PendingBytes;
        reply.Integer(7);
        reply.TruncatePending(mark);
        Assert.That(Encoding.Latin1.GetString(reply.TakeAll()), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void LargeRepliesGrowTheBuffer()
    {
        var value = new byte[1 << 20];
        var reply = new ReplyBuffer();
        reply.Bulk(value);
        Assert.That(reply.PendingBytes, Is.EqualTo(value.Length + "$1048576\r\n".Length + 2));
    }
}
