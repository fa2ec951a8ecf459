// Keeps docs/compatibility.md honest: it must agree with the command table.

using EventLoopRedis.Commands;

namespace EventLoopRedis.Tests;

public class DocsTests
{
    internal static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, relative);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(relative);
    }

    /// <summary>"client|kill" → "supported", from the rows "| CLIENT KILL | supported | ... |".</summary>
    private static Dictionary<string, string> CompatibilityRows() =>
        File.ReadAllLines(RepositoryFile("docs/compatibility.md"))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length >= 4 && cells[2] is "supported" or "partial" or "absent" or "container")
            .ToDictionary(cells => cells[1].ToLowerInvariant().Replace(' ', '|'), cells => cells[2]);

    private static IEnumerable<CommandDef> TableCommands() =>
        new CommandTable().Commands.SelectMany(c => c.Subcommands.Prepend(c));

    [Test]
    public void EveryCommandInTheTableIsListedAsImplemented()
    {
        var rows = CompatibilityRows();
        foreach (var command in TableCommands())
        {
            Assert.That(rows.ContainsKey(command.FullName), Is.True, $"{command.FullName} is missing from docs/compatibility.md");
            string expected = command.IsContainer ? "container" : rows[command.FullName];
            Assert.That(rows[command.FullName], Is.EqualTo(expected).And.Not.EqualTo("absent"), command.FullName);
        }
    }

    [Test]
    public void EveryCommandListedAsImplementedIsInTheTable()
    {
        var implemented = TableCommands().Select(c => c.FullName).ToHashSet();
        foreach (var (name, status) in CompatibilityRows())
        {
            if (status is "supported" or "partial")
                Assert.That(implemented, Does.Contain(name), $"docs/compatibility.md says {name} is {status}");
        }
    }
}
