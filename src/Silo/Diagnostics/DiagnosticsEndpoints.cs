using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Diagnostics;

public static class DiagnosticsEndpoints
{
    /// <summary>The process's memory after a full, compacting collection that returns free memory to the OS: what the benchmark divides by the agents connected.</summary>
    public sealed record MemoryReport(long WorkingSetBytes, long ManagedHeapBytes);

    public static RouteGroupBuilder MapDiagnosticsEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/diagnostics/collect-garbage", CollectGarbage)
            .WithTags("Diagnostics")
            .RequireAuthorization(GameOpsClaims.PlatformAdminPolicy)
            .WithSummary("Runs a full compacting garbage collection and answers the memory in use after it (platform admin only; pauses the silo).");
        return api;
    }

    private static Ok<MemoryReport> CollectGarbage()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();

        // Aggressive also hands the emptied regions back to the OS: without it the working set keeps hundreds of
        // megabytes of free heap for minutes, and memory per agent measures the GC's pace instead of what agents use.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return TypedResults.Ok(new MemoryReport(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false)));
    }
}
