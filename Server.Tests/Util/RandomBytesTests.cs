// Tests for RandomBytes: the bytes come from the kernel, fill any length, differ between calls, and a
// started server has not loaded OpenSSL's libcrypto to get them (about 5 MB of RSS it would cost).

using EventLoopRedis.Tests.Support;
using EventLoopRedis.Util;

namespace EventLoopRedis.Tests.Util;

public class RandomBytesTests
{
    [TestCase(1)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(512)]
    public void FillWritesEveryByteAndTwoFillsDiffer(int length)
    {
        // A byte left unwritten stays 0; over 4 fills every position is nonzero at least once but
        // with probability about 256^-4 per position.
        var seen = new byte[length];
        var first = new byte[length];
        var second = new byte[length];
        RandomBytes.Fill(first);
        RandomBytes.Fill(second);
        for (int round = 0; round < 4; round++)
        {
            var bytes = new byte[length];
            RandomBytes.Fill(bytes);
            for (int i = 0; i < length; i++) seen[i] |= bytes[i];
        }
        Assert.That(seen, Has.None.EqualTo((byte)0));
        if (length >= 8) Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void HexIsTwoLowerCaseDigitsPerByte()
    {
        string hex = RandomBytes.Hex(20);
        Assert.That(hex, Has.Length.EqualTo(40));
        Assert.That(hex, Does.Match("^[0-9a-f]{40}$"));
        Assert.That(RandomBytes.Hex(20), Is.Not.EqualTo(hex));
    }

    [Test]
    public void AStartedServerHasNotLoadedLibcrypto()
    {
        using var server = ServerProcess.StartOurs();
        using var connection = new RespConnection(server.Port);
        Assert.That(connection.Call("INFO", "server"), Does.Match("run_id:[0-9a-f]{40}"));
        connection.Call("SET", "k", "v");
        string maps = File.ReadAllText($"/proc/{server.Pid}/maps");
        Assert.That(maps, Does.Not.Contain("libcrypto"));
        Assert.That(maps, Does.Not.Contain("System.Security.Cryptography"));
    }
}
