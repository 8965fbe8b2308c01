using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Tests.SourceRcon;
using Google.Protobuf.WellKnownTypes;

namespace GameOps.EdgeAgent.Tests;

/// <summary>Agent configs and assignments for tests, pointing at real test doubles.</summary>
public static class TestConfigs
{
    public const string HostId = "host-under-test";
    public const string Credential = "credential-2f9d41c8b7e6a5d3c1f0e9d8";
    public const string ServerId = "game";

    public static GameServerConfig Server(
        SourceRconTestServer game, string password, IReadOnlyList<string>? allowedActions = null, ServerPolicy? policy = null) => new()
    {
        Id = ServerId,
        Name = "Test game",
        Kind = SourceRconAdapter.KindName,
        Address = new ServerAddress(game.Host, game.Port),
        Password = password,
        AllowedActions = allowedActions ?? SourceRconAdapter.Actions,
        Policy = policy ?? ServerPolicy.Unrestricted,
    };

    public static AgentConfig Agent(
        string journalPath,
        IReadOnlyList<GameServerConfig> servers,
        string controlPlaneUrl = "http://127.0.0.1:9",
        CertificateFingerprint? fingerprint = null,
        TimeSpan? heartbeat = null) => new()
    {
        ControlPlaneUrl = new Uri(controlPlaneUrl),
        CertificateFingerprint = fingerprint,
        HostId = HostId,
        Credential = Credential,
        HeartbeatInterval = heartbeat ?? TimeSpan.FromSeconds(5),
        JournalPath = journalPath,
        Servers = servers,
    };

    public static JobAssignment Assignment(string jobId, string action, TimeSpan? timeout = null, string serverId = ServerId, params (string Name, string Value)[] arguments)
    {
        var assignment = new JobAssignment
        {
            JobId = jobId,
            ServerId = serverId,
            Action = action,
            Deadline = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(10))),
        };
        foreach (var (name, value) in arguments)
        {
            assignment.Arguments.Add(name, value);
        }

        return assignment;
    }
}
