using System.Collections.Immutable;
using System.Security.Cryptography;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.AgentProtocol;

namespace GameOps.Grains.Tests;

internal static class TestData
{
    public static readonly Actor Admin = new(ActorKind.Api, "test-admin", "127.0.0.1");

    /// <summary>An agent's address as the gateway reports it (RFC 5737 documentation range).</summary>
    public const string Peer = "ipv4:192.0.2.10:40000";

    public static string NewHostId() => HostRules.NewHostId();

    public static byte[] NewHash() => SHA256.HashData(Guid.NewGuid().ToByteArray());

    public static readonly Actor Agent = new(ActorKind.Agent, "agent", "192.0.2.10");

    public static RegisterHost Register(string orgId = "org-test", string name = "Box one") => new(orgId, name, Admin, NewHash());

    public static SubmitJob Job(string action = GameActions.PlayersList, TimeSpan? timeout = null, string? idempotencyKey = null, string orgId = "org-test") =>
        new(orgId, "main", action, ImmutableDictionary<string, string>.Empty, timeout ?? TimeSpan.FromMinutes(5), Admin, idempotencyKey);

    public static async Task<IHostGrain> RegisteredHostAsync(IGrainFactory grains, string orgId = "org-test")
    {
        var host = grains.GetGrain<IHostGrain>(NewHostId());
        await host.RegisterAsync(Register(orgId));
        return host;
    }

    /// <summary>A registered host whose agent enrolled with its token; the hash of the credential it got.</summary>
    public static async Task<(IHostGrain Host, byte[] CredentialHash)> EnrolledHostAsync(IGrainFactory grains)
    {
        var host = grains.GetGrain<IHostGrain>(NewHostId());
        var token = NewHash();
        var credential = NewHash();
        await host.RegisterAsync(Register() with { EnrolmentTokenHash = token });
        Assert.Equal(EnrolmentOutcome.Enrolled, await host.EnrolAsync(new EnrolHost(token, credential, Agent)));
        return (host, credential);
    }
}
