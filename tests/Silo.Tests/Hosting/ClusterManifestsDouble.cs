using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orleans.Metadata;
using Orleans.Runtime;

namespace GameOps.Silo.Tests.Hosting;

/// <summary>
/// The cluster manifest an Orleans client holds, published by the test: as Orleans' own, a reader of
/// <see cref="Updates"/> gets the current manifest first, then each one published after it.
/// </summary>
public sealed class ClusterManifestsDouble(ClusterManifest first) : IClusterManifestProvider
{
    private static readonly GrainManifest Client = new(
        ImmutableDictionary<GrainType, GrainProperties>.Empty, ImmutableDictionary<GrainInterfaceType, GrainInterfaceProperties>.Empty);

    private readonly Channel<ClusterManifest> _published = Channel.CreateUnbounded<ClusterManifest>();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _version = 1;

    public ClusterManifest Current { get; private set; } = first;

    public IAsyncEnumerable<ClusterManifest> Updates => ReadAsync();

    public GrainManifest LocalGrainManifest => Client;

    /// <summary>Completes once a reader has taken every manifest published and waits for another.</summary>
    public Task Drained => _drained.Task;

    /// <summary>What a client holds before its gateway has sent a manifest, or when that lists no silo: its own entry.</summary>
    public static ClusterManifest ClientOnly() => new(
        new MajorMinorVersion(1, 0), ImmutableDictionary<SiloAddress, GrainManifest>.Empty.Add(Address(1), Client));

    public void PublishSiloWithGrains()
    {
        var silo = new GrainManifest(
            ImmutableDictionary<GrainType, GrainProperties>.Empty.Add(
                GrainType.Create("host"), new GrainProperties(ImmutableDictionary.Create<string, string>(StringComparer.Ordinal))),
            ImmutableDictionary<GrainInterfaceType, GrainInterfaceProperties>.Empty);
        Current = new ClusterManifest(
            new MajorMinorVersion(++_version, 0), Current.Silos.Add(Address(2), silo));
        _published.Writer.TryWrite(Current);
    }

    private static SiloAddress Address(int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), generation);

    private async IAsyncEnumerable<ClusterManifest> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return Current;
        while (true)
        {
            if (!_published.Reader.TryRead(out var next))
            {
                _drained.TrySetResult();
                next = await _published.Reader.ReadAsync(cancellationToken);
            }

            yield return next;
        }
    }
}
