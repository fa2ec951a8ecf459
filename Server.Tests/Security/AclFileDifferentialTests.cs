// Differential tests for ACL users that live outside the server: the aclfile (ACL SAVE, ACL LOAD,
// loading at start-up) and "user" lines in the configuration, against redis-server 7.0.15. Each
// server gets its own file; error texts name it, so the path is replaced before comparing.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Security;

[TestFixture]
public class AclFileDifferentialTests
{
    private const string DefaultLine = "user default on nopass ~* &* +@all\n";

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("acl-tests-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>Both servers, each with its own aclfile holding <paramref name="content"/>.</summary>
    private (ServerProcess Redis, ServerProcess Ours, string RedisFile, string OurFile) Start(string content)
    {
        string redisFile = Path.Combine(_directory, "redis.acl"), ourFile = Path.Combine(_directory, "ours.acl");
        File.WriteAllText(redisFile, content);
        File.WriteAllText(ourFile, content);
        return (ServerProcess.StartRedis("--aclfile", redisFile), ServerProcess.StartOurs("--aclfile", ourFile), redisFile, ourFile);
    }

    private static HashSet<string> Known(int port)
    {
        using var connection = new RespConnection(port);
        return RespTree.Parse(connection.CallBytes("COMMAND"u8.ToArray(), "LIST"u8.ToArray())).Children.Select(c => c.Text!).ToHashSet();
    }

    private static string Call(int port, string file, HashSet<string> known, params string[] command)
    {
        using var connection = new RespConnection(port);
        return AclReplies.Normalise(connection.Call(command).Replace(file, "<file>"), known);
    }

    [Test]
    public void AclSaveWritesEveryUserAndAclLoadReadsThemBack()
    {
        var (redis, ours, redisFile, ourFile) = Start(DefaultLine);
        using (redis)
        using (ours)
        {
            var known = Known(ours.Port);
            foreach (var (port, file) in new[] { (redis.Port, redisFile), (ours.Port, ourFile) })
            {
                using var connection = new RespConnection(port);
                connection.Call("ACL", "SETUSER", "bob", "on", ">p", "~k*", "%R~r*", "-@all", "+get", "+@hash", "(+set ~s*)");
                connection.Call("ACL", "SETUSER", "alice", "off", "nopass", "+@all", "-flushall", "&c*");
                Assert.That(connection.Call("ACL", "SAVE"), Is.EqualTo("+OK\r\n"));
            }
            string Saved(string file) => string.Join("\n", File.ReadAllLines(file).Select(line => AclReplies.NormalisePayload(line, known)));
            Assert.That(Saved(ourFile), Is.EqualTo(Saved(redisFile)));

            // What one server saved, both load: the rules survive the round trip.
            File.Copy(redisFile, ourFile, overwrite: true);
            using var bob = new RespConnection(ours.Port);
            Assert.That(bob.Call("AUTH", "bob", "p"), Is.EqualTo("+OK\r\n"));
            Assert.That(Call(ours.Port, ourFile, known, "ACL", "LOAD"), Is.EqualTo("+OK\r\n"));
            Assert.That(bob.IsClosedByPeer(), Is.True, "a client of a reloaded user is disconnected, as in Redis");
            Assert.That(Call(ours.Port, ourFile, known, "ACL", "LIST"), Is.EqualTo(Call(redis.Port, redisFile, known, "ACL", "LIST")));
        }
    }

    [TestCase("user alice on nopass +@all ~* foo\nnotuser x\nuser\nuser alice on\nuser dave +nosuch\n# comment\nuser eve ~a ~*x\nuser  frank\n")]
    [TestCase("user alice on >p1 +@all ~*\nuser default on >pw ~* &* +@all\n")]
    [TestCase("user bob on nopass ~* -@all +get (+set ~s*) (~x +hget)\n\n   \nuser carol\n")]
    [TestCase("user x on #abc\nuser y ~* ~a\nuser z &* &a\nuser w <nosuch\n")]
    public void AclLoadAppliesAFileOrReportsEveryErrorAndChangesNothing(string content)
    {
        var (redis, ours, redisFile, ourFile) = Start(DefaultLine);
        using (redis)
        using (ours)
        {
            var known = Known(ours.Port);
            File.WriteAllText(redisFile, content);
            File.WriteAllText(ourFile, content);
            foreach (var command in new[] { new[] { "ACL", "LOAD" }, ["ACL", "LIST"], ["ACL", "USERS"] })
                Assert.That(Call(ours.Port, ourFile, known, command), Is.EqualTo(Call(redis.Port, redisFile, known, command)), string.Join(' ', command));
        }
    }

    [Test]
    public void AclLoadOfAMissingFileNamesIt()
    {
        var (redis, ours, redisFile, ourFile) = Start(DefaultLine);
        using (redis)
        using (ours)
        {
            var known = Known(ours.Port);
            File.Delete(redisFile);
            File.Delete(ourFile);
            Assert.That(Call(ours.Port, ourFile, known, "ACL", "LOAD"), Is.EqualTo(Call(redis.Port, redisFile, known, "ACL", "LOAD")));
            Assert.That(Call(ours.Port, ourFile, known, "CONFIG", "GET", "aclfile"), Is.EqualTo(Call(redis.Port, redisFile, known, "CONFIG", "GET", "aclfile")));
        }
    }

    [Test]
    public void UsersAreLoadedFromTheAclfileAtStartup()
    {
        var (redis, ours, redisFile, ourFile) = Start("user alice on >p1 ~a* +get\n" + DefaultLine);
        using (redis)
        using (ours)
        {
            var known = Known(ours.Port);
            Assert.That(Call(ours.Port, ourFile, known, "ACL", "LIST"), Is.EqualTo(Call(redis.Port, redisFile, known, "ACL", "LIST")));
        }
    }

    [Test]
    public void UserLinesInTheConfigurationCreateUsers()
    {
        string[] arguments = ["--user", "alice", "on", ">p1", "~*", "+@all", "--user", "bob", "off", "(+get", "~k*)", "--user", "default", "on", ">pw", "+@all", "~*"];
        using var redis = ServerProcess.StartRedis(arguments);
        using var ours = ServerProcess.StartOurs(arguments);
        var known = Known(ours.Port);
        string List(int port)
        {
            using var connection = new RespConnection(port);
            connection.Call("AUTH", "pw");
            return AclReplies.Normalise(connection.Call("ACL", "LIST"), known);
        }
        Assert.That(List(ours.Port), Is.EqualTo(List(redis.Port)));
    }

    [Test]
    public void UserLinesAndAnAclfileTogetherStopTheServer()
    {
        string file = Path.Combine(_directory, "users.acl");
        File.WriteAllText(file, DefaultLine);
        string[] arguments = ["--aclfile", file, "--user", "alice", "on"];
        Assert.Throws<InvalidOperationException>(() => ServerProcess.StartRedis(arguments).Dispose());
        var error = Assert.Throws<InvalidOperationException>(() => ServerProcess.StartOurs(arguments).Dispose());
        Assert.That(error!.Message, Does.Contain("please define either an ACL file or declare users directly in your redis.conf, but not both"));
    }

    [Test]
    public void ABadUserLineStopsTheServerWithItsError()
    {
        string[] arguments = ["--user", "alice", "on", "~*", "~a"];
        Assert.Throws<InvalidOperationException>(() => ServerProcess.StartRedis(arguments).Dispose());
        var error = Assert.Throws<InvalidOperationException>(() => ServerProcess.StartOurs(arguments).Dispose());
        Assert.That(error!.Message, Does.Contain("Error in user declaration"));
    }
}
