using Orleans.Runtime;

namespace GameOps.Grains.Events;

/// <summary>Where an org's events are published: one stream per org, keyed by the org id.</summary>
public static class OrgEventStreams
{
    /// <summary>The stream provider every silo registers for org events; which kind of provider it is, configuration decides.</summary>
    public const string ProviderName = "org-events";

    /// <summary>The stream namespace of org events; implicit subscribers name it.</summary>
    public const string Namespace = "org-events";

    /// <summary>The stream of one org's events.</summary>
    public static StreamId For(string orgId) => StreamId.Create(Namespace, orgId);
}
