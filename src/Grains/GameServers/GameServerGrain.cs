using GameOps.Grains.Audit;
using GameOps.Grains.Events;
using Microsoft.Extensions.Logging;

namespace GameOps.Grains.GameServers;

public sealed class GameServerGrain(
    [PersistentState("server", StorageNames.GameOps)] IPersistentState<GameServerState> state,
    IDomainClock clock,
    ILogger<GameServerGrain> logger)
    : Grain, IGameServerGrain
{
    public async Task<GameServerView> DeclareAsync(string orgId, GameServerDescriptor descriptor)
    {
        var now = clock.UtcNow;
        if (!state.RecordExists)
        {
            state.State.FirstSeenAt = now;
        }

        state.State.OrgId = orgId;
        state.State.Name = descriptor.Name;
        state.State.Kind = descriptor.Kind;
        state.State.Capabilities = descriptor.Capabilities;
        state.State.LastDeclaredAt = now;
        await state.WriteStateAsync();
        return View();
    }

    // Probes arrive every 30 s per server; only a change of state is worth a write.
    private DateTimeOffset? _healthCheckedAt;

    public Task<GameServerView?> GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public Task<ServerPolicySpec?> GetEffectivePolicyAsync() => Task.FromResult(state.State.EffectivePolicy);

    public async Task ReportHealthAsync(HealthReport report)
    {
        _healthCheckedAt = report.CheckedAt;
        var detail = report.Health == ServerHealth.Up ? null : report.Detail;
        if (state.State.Health != report.Health || state.State.HealthDetail != detail)
        {
            var previous = state.State.Health;
            state.State.Health = report.Health;
            state.State.HealthDetail = detail;
            state.State.HealthChangedAt = clock.UtcNow;
            await state.WriteStateAsync();
            var view = View();
            this.Publish(
                new GameServerHealthChanged(view.OrgId, state.State.HealthChangedAt.Value, null, null, view.HostId, view.ServerId, view.Name, view.Health, previous, detail),
                logger);
        }
    }

    public async Task<GameServerView> SetPolicyAsync(ServerPolicySpec? narrowing, Actor setBy)
    {
        var (hostId, serverId) = GameServerKeys.Parse(this.GetPrimaryKeyString());
        state.State.RequestedPolicy = narrowing;
        var entry = AuditEntries.PolicySet(state.State.OrgId, clock.UtcNow, setBy, hostId, serverId, narrowing);
        await this.WriteAuditedAsync(state, entry, () => state.WriteStateAsync(), logger);
        await GrainFactory.GetHostGrain(hostId).SendPolicyAsync(serverId, narrowing);
        return View();
    }

    public async Task ReportEffectivePolicyAsync(ServerPolicySpec effective)
    {
        state.State.EffectivePolicy = effective;
        state.State.EffectivePolicyReportedAt = clock.UtcNow;
        await state.WriteStateAsync();

        // The host's grain checks each job submitted through the API against this, without asking this grain per job.
        var (hostId, serverId) = GameServerKeys.Parse(this.GetPrimaryKeyString());
        await GrainFactory.GetHostGrain(hostId).ServerPolicyReportedAsync(serverId, effective);
    }

    private GameServerView View()
    {
        var key = this.GetPrimaryKeyString();
        var separator = key.IndexOf('/', StringComparison.Ordinal);
        var s = state.State;
        return new GameServerView(
            key[..separator], key[(separator + 1)..], s.OrgId, s.Name, s.Kind, s.Capabilities, s.FirstSeenAt, s.LastDeclaredAt,
            s.Health, s.HealthDetail, s.HealthChangedAt, _healthCheckedAt, s.RequestedPolicy, s.EffectivePolicy, s.EffectivePolicyReportedAt);
    }
}
