// BenchmarkDotNet entry point: `dotnet run -c Release --project Benchmarks -- --filter '*'`.
// One area at a time by its namespace: --filter 'EventLoopRedis.Benchmarks.Protocol.*' (request parsing,
// replies), '...Commands.*' (commands through a client's coroutine), '...Storage.*' (the data structures),
// '...Scripting.*' (EVALSHA and redis.call); each suite has the memory diagnoser (allocated bytes per op).
// `-- chart <ratios.tsv> <out.png>` draws docs/benchmarks.md's ratio chart instead, `-- idle-chart <idle.tsv> <out.png>`
// its idle-connection curve (compare-with-redis.sh runs both).
// `-- cpu <Class.Method> [operations] [Param=value ...]` times one method by its thread's CPU time, for a busy machine (Reports/ThreadCpuRun.cs).

using BenchmarkDotNet.Running;
using EventLoopRedis.Benchmarks.Reports;

if (args.Length == 3 && args[0] == "chart") return RatioChart.Draw(args[1], args[2]);
if (args.Length == 3 && args[0] == "idle-chart") return IdleChart.Draw(args[1], args[2]);
if (args.Length >= 2 && args[0] == "cpu")
    return ThreadCpuRun.Run(args[1], args.Length >= 3 ? long.Parse(args[2]) : 2_000_000, args.Skip(3));
BenchmarkSwitcher.FromAssembly(typeof(EventLoopRedis.Benchmarks.Commands.PipelineBenchmarks).Assembly).Run(args);
return 0;
