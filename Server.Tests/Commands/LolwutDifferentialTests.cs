// LOLWUT against redis-server 7.0.15: the version line, version 5's drawing byte for byte where
// it is not random (the first two rows of squares), version 6's where no tower fits (one row), and
// both by their shape where they are random.

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

    [Test]
    public void SkylineWithoutRoomForTowersIsRedis() => AssertSameReplies(
        ["LOLWUT", "VERSION", "6", "5", "1"], ["LOLWUT", "VERSION", "6", "1", "-3"], ["LOLWUT", "VERSION", "5.9", "3", "1"],
        ["LOLWUT", "VERSION", "6", "x"], ["LOLWUT", "VERSION", "6", "10", "y"], ["LOLWUT", "VERSION", "59", "2", "1"],
        [Unchecked, "HELLO", "3"], ["LOLWUT", "VERSION", "6", "7", "1"]);

    [TestCase("6")]
    [TestCase("6", "40", "12")]
    [TestCase("6", "3000", "2")]
    public void RandomSkylineHasRedisShape(params string[] version)
    {
        string Shape(int port)
        {
            using var connection = new RespConnection(port);
            var reply = (string)Resp.Parse(connection.CallBytes(["LOLWUT"u8.ToArray(), "VERSION"u8.ToArray(), .. version.Select(System.Text.Encoding.ASCII.GetBytes)]))!;
            var lines = reply.Split('\n');
            // Cells per row (each an escape, a space and a reset), the colours used, and the dedication.
            var cells = lines[..^3].Select(l => l.Split(' ').Length - 1);
            var colours = string.Join(",", lines[..^3].SelectMany(l => l.Split('\u001b')).Where(e => e.EndsWith('m') || e.EndsWith("m ")).Select(e => e.Trim()).Distinct().Order());
            return string.Join(",", cells) + "|" + lines.Length + "|" + lines[^3] + lines[^2] + "|" + colours;
        }
        Assert.That(Shape(OurPort), Is.EqualTo(Shape(RedisPort)));
    }
}
