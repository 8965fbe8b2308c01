using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;

namespace GameOps.Grains;

/// <summary>
/// References to the grains every job touches, without Orleans' per-call interface lookup: <c>GetGrain&lt;T&gt;(key)</c>
/// reads the interface's attributes through reflection each time, which was 3-4 % of a busy silo's CPU at five
/// references per job. The grain and interface types are resolved once, through <c>GetGrain&lt;T&gt;</c> itself.
/// </summary>
public static class GrainFactoryExtensions
{
    public static IJobGrain GetJobGrain(this IGrainFactory grains, Guid jobId) =>
        Reference<IJobGrain>.Create(grains, GrainIdKeyExtensions.CreateGuidKey(jobId), static factory => factory.GetGrain<IJobGrain>(Guid.Empty));

    public static IHostGrain GetHostGrain(this IGrainFactory grains, string hostId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostId);
        return Reference<IHostGrain>.Create(grains, IdSpan.Create(hostId), static factory => factory.GetGrain<IHostGrain>("type-probe"));
    }

    private static class Reference<TGrain>
        where TGrain : class, IAddressable
    {
        // A reference, not a nullable struct: the first calls race to fill it, and a struct of five fields can be read
        // half-written (seen once as an InvalidCastException on a silo's first burst of host creations); a reference
        // is published whole.
        private static GrainTypes? s_types;

        public static TGrain Create(IGrainFactory grains, IdSpan key, Func<IGrainFactory, TGrain> probe)
        {
            var types = s_types ??= GrainTypes.Of((GrainReference)(object)probe(grains));
            return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface)
    {
        public static GrainTypes Of(GrainReference reference) => new(reference.GrainId.Type, reference.InterfaceType);
    }
}
