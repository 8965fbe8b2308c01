using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

internal static class TestSerializer
{
    private static readonly Lazy<Serializer> Serializer = new(() =>
        new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(CounterState).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>());

    public static IGrainStorageSerializer CreateGrainStorageSerializer() => new OrleansGrainStorageSerializer(Serializer.Value);
}
