// `-- cpu <Class.Method> [operations]`: one benchmark method, timed by the CPU time of the thread that runs
// it (CLOCK_THREAD_CPUTIME_ID) rather than by the wall clock, for a machine shared with other work: time
// spent preempted does not count. Setup as BenchmarkDotNet does it ([GlobalSetup]); OperationsPerInvoke honoured.

using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Reports;

internal static class ThreadCpuRun
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static long ThreadCpuNanoseconds()
    {
        ClockGetTime(ClockThreadCpuTime, out var time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    public static int Run(string name, long operations)
    {
        int dot = name.LastIndexOf('.');
        var type = typeof(ThreadCpuRun).Assembly.GetTypes().SingleOrDefault(t => t.Name == name[..dot]);
        var method = type?.GetMethod(name[(dot + 1)..]);
        if (type is null || method is null)
        {
            Console.Error.WriteLine($"no benchmark {name}");
            return 2;
        }
        object instance = Activator.CreateInstance(type)!;
        type.GetMethods().SingleOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
        int perInvoke = method.GetCustomAttribute<BenchmarkAttribute>()?.OperationsPerInvoke ?? 1;
        var body = method.CreateDelegate<Action>(instance);
        long invocations = Math.Max(1, operations / perInvoke);
        for (long i = 0; i < invocations / 4; i++) body(); // warm-up: tiered compilation reaches its final code
        var rounds = new double[5];
        for (int round = 0; round < rounds.Length; round++)
        {
            long started = ThreadCpuNanoseconds();
            for (long i = 0; i < invocations; i++) body();
            rounds[round] = (ThreadCpuNanoseconds() - started) / (double)(invocations * perInvoke);
        }
        Array.Sort(rounds);
        Console.WriteLine($"{name}: {rounds[2]:F1} ns per operation of thread CPU time (median of 5 rounds; {rounds[0]:F1}-{rounds[4]:F1})");
        return 0;
    }
}
