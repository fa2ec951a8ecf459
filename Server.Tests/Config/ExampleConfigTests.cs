// redis.conf at the repository root: the commented example of what this server honours.

using EventLoopRedis.Config;

namespace EventLoopRedis.Tests.Config;

public class ExampleConfigTests
{
    private static string ExampleFile => DocsTests.RepositoryFile("redis.conf");

    [Test]
    public void ExampleNamesEveryDirectiveThisServerHonours()
    {
        var lines = File.ReadAllLines(ExampleFile).Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' ')[0]).ToHashSet();
        var declaredOnly = UnimplementedConfigs.All().Select(d => d.Name).ToHashSet();
        var honoured = new ServerConfig().Directives.Where(d => !declaredOnly.Contains(d.Name)).Select(d => d.Name);
        Assert.That(lines, Is.SupersetOf(honoured));
    }

    [Test]
    public void ExampleLoadsAndSetsEveryDirectiveToItsDefault()
    {
        var loaded = new ServerConfig();
        ConfigLoader.Load(loaded, [ExampleFile]);
        var defaults = new ServerConfig();
        foreach (var directive in defaults.Directives)
            Assert.That(loaded.Find(directive.Name)!.Get(), Is.EqualTo(directive.Get()), directive.Name);
    }
}
