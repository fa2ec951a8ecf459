// Unit tests of one ACL user and its selectors, without a server: rules, descriptions, the
// permission check and password digests. cf. ACLSetUser, ACLSelectorCheckCmd in acl.c.

using System.Security.Cryptography;
using System.Text;
using EventLoopRedis.Commands;
using EventLoopRedis.Protocol;
using EventLoopRedis.Security;

namespace EventLoopRedis.Tests.Security;

[TestFixture]
public class AclUserTests
{
    private static readonly CommandTable Table = new();
    private static readonly AclCommandIndex Index = new(Table);

    private static AclUser User(params string[] rules)
    {
        var user = new AclUser("u"u8.ToArray(), Index, () => false);
        foreach (var rule in rules) Assert.That(user.Apply(Encoding.Latin1.GetBytes(rule)), Is.EqualTo(AclRuleError.None), rule);
        return user;
    }

    private static AclDenial Check(AclUser user, params string[] command)
    {
        var args = new ArgList();
        var buffer = Encoding.Latin1.GetBytes(string.Concat(command));
        args.Reset(buffer);
        int offset = 0;
        foreach (var part in command)
        {
            args.Add(offset, part.Length);
            offset += part.Length;
        }
        var def = Table.Find(args[0])!;
        if (def.IsContainer && args.Count > 1) def = def.FindSubcommand(args[1])!;
        var denial = AclDenial.None;
        int id = Index.Id(def);
        List<KeyReference>? keys = null;
        foreach (var selector in user.Selectors)
        {
            denial = selector.Check(def, id, args, 0, ref keys, out _);
            if (denial == AclDenial.None) break;
        }
        return denial;
    }

    [Test]
    public void ANewUserIsOffAndMayDoNothing()
    {
        var user = User();
        Assert.That(user.Describe(), Is.EqualTo("off resetchannels -@all"));
        Assert.That(user.Unrestricted, Is.False);
        Assert.That(Check(user, "GET", "k"), Is.EqualTo(AclDenial.Command));
    }

    [Test]
    public void EverythingAllowedMakesTheUserUnrestricted()
    {
        var user = User("on", "+@all", "~*", "&*");
        Assert.That(user.Unrestricted, Is.True);
        Assert.That(User("on", "+@all", "~*", "&*", "-get").Unrestricted, Is.False);
        Assert.That(User("on", "+@all", "~*", "&*", "(+get)").Unrestricted, Is.False);
    }

    [Test]
    public void PasswordsAreKeptAsSha256HexAndCheckedWhileOn()
    {
        var user = User("on", ">secret");
        string expected = Convert.ToHexStringLower(SHA256.HashData("secret"u8));
        Assert.That(user.Passwords, Is.EqualTo(new[] { expected }));
        Assert.That(user.CheckPassword("secret"u8), Is.True);
        Assert.That(user.CheckPassword("Secret"u8), Is.False);
        Assert.That(user.Apply("off"u8), Is.EqualTo(AclRuleError.None));
        Assert.That(user.CheckPassword("secret"u8), Is.False, "an off user cannot log in");
        Assert.That(user.Apply(Encoding.ASCII.GetBytes("!" + expected)), Is.EqualTo(AclRuleError.None));
        Assert.That(user.Passwords, Is.Empty);
        Assert.That(user.Apply("<secret"u8), Is.EqualTo(AclRuleError.NoSuchPassword));
        Assert.That(user.Apply("#ABC"u8), Is.EqualTo(AclRuleError.BadHash));
    }

    [Test]
    public void KeyPatternsGrantReadWriteOrBothByKeySpecFlags()
    {
        var user = User("on", "+@all", "~both*", "%R~ro*", "%W~wo*");
        Assert.That(Check(user, "GET", "ro1"), Is.EqualTo(AclDenial.None));
        Assert.That(Check(user, "SET", "ro1", "v"), Is.EqualTo(AclDenial.Key));
        Assert.That(Check(user, "SET", "wo1", "v"), Is.EqualTo(AclDenial.None), "SET only overwrites: no read needed");
        Assert.That(Check(user, "GET", "wo1"), Is.EqualTo(AclDenial.Key));
        Assert.That(Check(user, "APPEND", "both1", "v"), Is.EqualTo(AclDenial.None));
        Assert.That(Check(user, "COPY", "ro1", "wo1"), Is.EqualTo(AclDenial.None));
        Assert.That(Check(user, "COPY", "wo1", "ro1"), Is.EqualTo(AclDenial.Key));
    }

    [Test]
    public void FirstArgumentRulesAllowOnlyThatArgument()
    {
        var user = User("on", "~*", "-@all", "+select|0", "+config|get");
        Assert.That(Check(user, "SELECT", "0"), Is.EqualTo(AclDenial.None));
        Assert.That(Check(user, "SELECT", "1"), Is.EqualTo(AclDenial.Command));
        Assert.That(Check(user, "CONFIG", "GET", "port"), Is.EqualTo(AclDenial.None));
        Assert.That(Check(user, "CONFIG", "SET", "port", "1"), Is.EqualTo(AclDenial.Command));
        Assert.That(user.Root.DescribeCommands().Split(" "), Is.EquivalentTo(new[] { "-@all", "+config|get", "+select|0" }));
        Assert.That(User().Apply("+config|get|x"u8), Is.EqualTo(AclRuleError.FirstArgOfSubcommand));
    }

    [Test]
    public void ChannelsMatchAsPatternsButPsubscribeNeedsTheSamePattern()
    {
        var user = User("on", "+@all", "~*", "&news.*");
        Assert.That(Check(user, "PUBLISH", "news.a", "m"), Is.EqualTo(AclDenial.None));
        Assert.That(Check(user, "PUBLISH", "sport", "m"), Is.EqualTo(AclDenial.Channel));
        Assert.That(Check(user, "SUBSCRIBE", "news.a", "sport"), Is.EqualTo(AclDenial.Channel));
        Assert.That(Check(user, "PSUBSCRIBE", "news.*"), Is.EqualTo(AclDenial.None));
        Assert.That(Check(user, "PSUBSCRIBE", "news.a*"), Is.EqualTo(AclDenial.Channel));
    }

    [Test]
    public void DescriptionsStartFromAllOrNothingThenCategoriesThenCommands()
    {
        Assert.That(User("+@all", "-@dangerous", "-get").Root.DescribeCommands(), Is.EqualTo("+@all -@dangerous -get"));
        Assert.That(User("-@all", "+@hyperloglog").Root.DescribeCommands(), Is.EqualTo("-@all +@hyperloglog"));
        Assert.That(User("-@all", "+get", "+@all").Root.DescribeCommands(), Is.EqualTo("+@all"));
        Assert.That(User("~a", "%R~a", "%W~b", "&c").Describe(), Is.EqualTo("off ~a %W~b resetchannels &c -@all"));
    }

    [Test]
    public void SelectorsSpreadOverArgumentsAreMerged()
    {
        var merged = Acl.MergeSelectorArguments(new[] { "on", "(+get", "~a)", "(+set)" }.Select(Encoding.ASCII.GetBytes).ToList(), out _);
        Assert.That(merged!.Select(Encoding.ASCII.GetString), Is.EqualTo(new[] { "on", "(+get ~a)", "(+set)" }));
        Assert.That(Acl.MergeSelectorArguments(new[] { "(+get", "~a" }.Select(Encoding.ASCII.GetBytes).ToList(), out int opened), Is.Null);
        Assert.That(opened, Is.Zero);
    }
}
