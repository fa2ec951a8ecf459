// LOLWUT against redis-server 7.0.15: the version line, and version 5's drawing byte for byte where
// it is not random (the first two rows of squares), by its shape where it is.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class LolwutDifferentialTests : DifferentialFixture
{
    [Test]
    public void VersionLineAndUnrotatedSchotterAreRedis() => AssertSameReplies(
        ["LOLWUT"], ["LOLWUT", "VERSION", "7"], ["LOLWUT", "VERSION", "9"], ["LOLWUT", "VERSION", "-1"], ["LOLWUT", "VERSION", "abc"],
        ["LOLWUT", "VERSION", "5", "10", "2", "2"], ["LOLWUT", "VERSION", "5", "66", "8", "2"], ["LOLWUT", "VERSION", "4", "3", "1", "1"],
        ["LOLWUT", "VERSION", "5", "1", "1", "1"], ["LOLWUT", "VERSION", "5", "5000", "300", "1"], ["LOLWUT", "VERSION", "5", "abc"],
        ["LOLWUT", "VERSION", "5", "20", "x"], ["LOLWUT", "VERSION"], ["LOLWUT", "extra"],
        [Unchecked, "HELLO", "3"], ["LOLWUT"], ["LOLWUT", "VERSION", "5", "10", "2", "2"]);

    [Test]
    public void RandomSchotterHasRedisShape()
    {
        string Shape(int port)
        {
            using var connection = new RespConnection(port);
            var reply = (string)Resp.Parse(connection.CallBytes("LOLWUT"u8.ToArray(), "VERSION"u8.ToArray(), "5"u8.ToArray()))!;
            var lines = reply.Split('\n');
            return string.Join(",", lines.Select(l => l.Length)) + "|" + lines[^2];
        }
        Assert.That(Shape(OurPort), Is.EqualTo(Shape(RedisPort)));
    }
}
