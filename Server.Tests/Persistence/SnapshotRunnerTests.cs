// Tests for SnapshotRunner, the one background snapshot job (BGSAVE's file, BGREWRITEAOF's base, a
// diskless sync's replica sockets): one job at a time, slices only while the target has room, the
// target completed once, the owner told once. cf. hasActiveChildProcess in server.c.

using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.Persistence;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Persistence;

public class SnapshotRunnerTests
{
    /// <summary>A target whose room and end the test decides.</summary>
    private sealed class FakeTarget : ISnapshotTarget
    {
        public bool Room = true;
        public bool FinishOnComplete;
        public bool Finished;
        public string? Failure;
        public int Completions;
        public int Aborts;
        public bool CanTakeMore => Room;
        public bool IsFinished => Finished;
        public string? Error => Failure;

        public void Complete()
        {
            Completions++;
            if (FinishOnComplete) Finished = true;
        }

        public void Abort() => Aborts++;
    }

    private RedisServer _server = null!;
    private SnapshotTests.CountingOutput _output = null!;
    private readonly List<bool> _outcomes = new();

    [SetUp]
    public void CreateServer()
    {
        _server = new RedisServer(new ServerConfig { SavePoints = [] });
        for (int i = 0; i < 50_000; i++) _server.Databases[0].Set(Encoding.ASCII.GetBytes($"key:{i}"), RedisObject.String(Encoding.ASCII.GetBytes("v")));
        _output = new SnapshotTests.CountingOutput();
        _outcomes.Clear();
    }

    private Snapshot NewSnapshot() => new(_server.Databases, _output);

    private void RunUntilIdle(int maxTurns = 1000)
    {
        for (int i = 0; i < maxTurns && _server.SnapshotRunner.WantsTurn; i++) _server.SnapshotRunner.RunTurn();
    }

    [Test]
    public void OneJobRunsAtATimeAndIsTheServersOneChild()
    {
        var runner = _server.SnapshotRunner;
        Assert.That(_server.HasActiveChild, Is.False);
        runner.Start(SnapshotJobKind.AofBase, NewSnapshot(), new FakeTarget(), _outcomes.Add);
        Assert.That(_server.HasActiveChild, Is.True);
        Assert.That(runner.Kind, Is.EqualTo(SnapshotJobKind.AofBase));
        Assert.That(runner.WritesAFile, Is.True);
        Assert.Throws<InvalidOperationException>(() => runner.Start(SnapshotJobKind.RdbFile, NewSnapshot(), new FakeTarget(), _outcomes.Add));
    }

    [Test]
    public void ATurnWritesOneSliceAndNothingWhileTheTargetHasNoRoom()
    {
        var target = new FakeTarget { Room = false };
        _server.SnapshotRunner.Start(SnapshotJobKind.ReplicaSockets, NewSnapshot(), target, _outcomes.Add);
        Assert.That(_server.SnapshotRunner.WantsTurn, Is.False);
        _server.SnapshotRunner.RunTurn();
        Assert.That(_output.Keys, Is.Zero);
        target.Room = true;
        _server.SnapshotRunner.RunTurn();
        Assert.That(_output.Keys, Is.InRange(1, SnapshotRunner.SliceKeys));
        Assert.That(target.Completions, Is.Zero);
    }

    [Test]
    public void ATargetThatFinishesOnCompleteEndsTheJobInTheSameTurn()
    {
        var target = new FakeTarget { FinishOnComplete = true };
        _server.SnapshotRunner.Start(SnapshotJobKind.ReplicaSockets, NewSnapshot(), target, _outcomes.Add);
        RunUntilIdle();
        Assert.That(_output.Keys, Is.EqualTo(50_000));
        Assert.That(target.Completions, Is.EqualTo(1));
        Assert.That(_outcomes, Is.EqualTo(new[] { true }));
        Assert.That(_server.HasActiveChild, Is.False);
    }

    [Test]
    public void AFileTargetEndsWhenItsThreadFinishesAndAFailureIsReported()
    {
        var target = new FakeTarget();
        _server.SnapshotRunner.Start(SnapshotJobKind.RdbFile, NewSnapshot(), target, _outcomes.Add);
        RunUntilIdle();
        Assert.That(target.Completions, Is.EqualTo(1));
        Assert.That(_outcomes, Is.Empty, "written, the file is not finished yet");
        Assert.That(_server.SnapshotRunner.WantsTurn, Is.True, "the loop keeps looking for the end");
        target.Finished = true;
        target.Failure = "No space left on device";
        _server.SnapshotRunner.RunTurn();
        Assert.That(_outcomes, Is.EqualTo(new[] { false }));
        Assert.That(_server.HasActiveChild, Is.False);
    }

    [Test]
    public void AbortUnhooksTheDatabasesAbortsTheTargetAndTellsNoOne()
    {
        var target = new FakeTarget();
        _server.SnapshotRunner.Start(SnapshotJobKind.AofBase, NewSnapshot(), target, _outcomes.Add);
        _server.SnapshotRunner.RunTurn();
        _server.SnapshotRunner.Abort();
        Assert.That(target.Aborts, Is.EqualTo(1));
        Assert.That(_outcomes, Is.Empty);
        Assert.That(_server.HasActiveChild, Is.False);
        Assert.That(_server.Databases[0].KeyChanging, Is.Null, "no copy-on-write hook is left behind");
        _server.SnapshotRunner.Start(SnapshotJobKind.RdbFile, NewSnapshot(), new FakeTarget(), _outcomes.Add);
        Assert.That(_server.HasActiveChild, Is.True, "the next job may start");
    }
}
