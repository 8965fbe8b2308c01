using Orleans.Runtime;

namespace GameOps.Grains.Events;

/// <summary>
/// Where an org's events are published: one stream per org, keyed by the org id, that carries them all (the SSE
/// clients' fan-out follows it), and beside it the org's state stream, which carries only the <see cref="IOrgStateEvent"/>s
/// (also on the first) and is the one the org's grains subscribe to implicitly.
/// </summary>
public static class OrgEventStreams
{
    /// <summary>The stream provider every silo registers for org events; which kind of provider it is, configuration decides.</summary>
    public const string ProviderName = "org-events";

    /// <summary>The stream namespace of org events; implicit subscribers name it.</summary>
    public const string Namespace = "org-events";

    /// <summary>The stream namespace of the org's state events; the org's grains subscribe to it implicitly.</summary>
    public const string StateNamespace = "org-state";

    /// <summary>The stream of one org's events.</summary>
    public static StreamId For(string orgId) => StreamId.Create(Namespace, orgId);

    /// <summary>The stream of one org's <see cref="IOrgStateEvent"/>s.</summary>
    public static StreamId StateFor(string orgId) => StreamId.Create(StateNamespace, orgId);
}
