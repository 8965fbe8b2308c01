using GameOps.Grains.Audit;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Observability;
using GameOps.Grains.Orgs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace GameOps.Grains.Alerts;

// The org's state stream wakes this grain (keyed by the org id, as the stream is): hosts and game servers only publish
// their changes, and the alerts are derived here.
[ImplicitStreamSubscription(OrgEventStreams.StateNamespace)]
public sealed partial class AlertGrain(
    [PersistentState("alerts", StorageNames.GameOps)] IPersistentState<AlertGrainState> state,
    IGrainFactory grains,
    IDomainClock clock,
    GameOpsMetrics metrics,
    IOptions<AlertOptions> options,
    ILogger<AlertGrain> logger)
    : Grain, IAlertGrain, IRemindable
{
    private const string ReconcileReminder = "reconcile";

    private readonly AlertOptions _options = options.Value;
    private IGrainTimer? _evaluation;

    // Alerts changed by observations are written by the evaluation timer, within one EvaluationPeriod: a burst (a silo
    // restart ends every agent's stream at once) then costs one write of the org's alerts, not one per host. A crash
    // loses at most that period, and the reconcile rebuilds it from the hosts' and servers' own state.
    private bool _unsaved;

    // The last sequence number this org's alert events carried. Seeded from the clock (in microseconds) so a new activation
    // continues above the last one without storing it: this grain is the org's only publisher of alert events.
    private long _sequence;

    // The alerts in the order they are paged: built at the first page read, kept in step by Replace from then on, and built
    // again when the state is read again (after a refused write).
    private (Dictionary<string, AlertView> Of, AlertsById Alerts)? _byId;

    private string OrgId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var alert in state.State.Alerts.Values)
        {
            metrics.AlertsActiveChanged(alert.Status, +1);
        }

        ArmEvaluation();
        await this.GetStreamProvider(OrgEventStreams.ProviderName)
            .GetStream<OrgEvent>(OrgEventStreams.StateFor(OrgId))
            .SubscribeAsync(OnEventAsync);
    }

    private Task OnEventAsync(OrgEvent orgEvent, StreamSequenceToken? token)
    {
        metrics.OrgEventDelivered("alerts", orgEvent.Kind);
        var observation = orgEvent switch
        {
            HostStatusChanged host => HostOfflineObservation(host.HostId, host.HostName, host.Status, host.At),
            GameServerHealthChanged server => ServerDownObservation(server.HostId, server.ServerId, server.ServerName, server.Health, server.Detail, server.At),
            _ => null,
        };
        return observation is null ? Task.CompletedTask : ObserveAsync(observation);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var alert in state.State.Alerts.Values)
        {
            metrics.AlertsActiveChanged(alert.Status, -1);
        }

        if (_unsaved)
        {
            await WriteAsync();
        }
    }

    public async Task<AlertRule> AddRuleAsync(AddAlertRule request)
    {
        var errors = AlertRules.Validate(request);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(request));
        }

        if (state.State.Rules.Count >= AlertRules.MaxRulesPerOrg)
        {
            throw new ArgumentException($"An org has at most {AlertRules.MaxRulesPerOrg} alert rules.", nameof(request));
        }

        var now = clock.UtcNow;
        var rule = new AlertRule(Guid.CreateVersion7(now), request.Name.Trim(), request.Kind, request.HostId, request.For, now, request.RequestedBy, request.Paused);
        state.State.Rules.Add(rule);
        await this.WriteAuditedAsync(state, AuditEntries.AlertRuleAdded(OrgId, now, request.RequestedBy, rule), WriteAsync, logger);
        await this.RegisterOrUpdateReminder(ReconcileReminder, _options.ReconcilePeriod, _options.ReconcilePeriod);
        LogRuleAdded(logger, OrgId, rule.Id, rule.Kind, rule.HostId, rule.For, request.RequestedBy.Kind, request.RequestedBy.Id);

        // A host that is already offline when its rule is added is alerted on like one that goes offline later.
        await ReconcileAsync([rule]);
        return rule;
    }

    public Task<IReadOnlyList<AlertRule>> ListRulesAsync() => Task.FromResult<IReadOnlyList<AlertRule>>([.. state.State.Rules]);

    public async Task<AlertRule?> UpdateRuleAsync(Guid ruleId, AddAlertRule request)
    {
        var errors = AlertRules.Validate(request);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(request));
        }

        var index = state.State.Rules.FindIndex(r => r.Id == ruleId);
        if (index < 0)
        {
            return null;
        }

        var before = state.State.Rules[index];
        var rule = before with { Name = request.Name.Trim(), Kind = request.Kind, HostId = request.HostId, For = request.For, Paused = request.Paused };
        state.State.Rules[index] = rule;
        if (rule.Paused || rule.Kind != before.Kind || rule.HostId != before.HostId)
        {
            foreach (var alert in state.State.Alerts.Values.Where(a => a.RuleId == ruleId).ToArray())
            {
                Replace(alert, null);
            }
        }

        await this.WriteAuditedAsync(state, AuditEntries.AlertRuleUpdated(OrgId, clock.UtcNow, request.RequestedBy, before, rule), WriteAsync, logger);
        LogRuleUpdated(logger, OrgId, rule.Id, rule.Kind, rule.HostId, rule.For, rule.Paused);

        // What the rule watches now is alerted on as for a new rule; a firing alert it keeps is left as it is.
        await ReconcileAsync([rule]);
        ArmEvaluation();
        return rule;
    }

    public async Task<bool> RemoveRuleAsync(Guid ruleId, Actor removedBy)
    {
        if (state.State.Rules.Find(r => r.Id == ruleId) is not { } rule)
        {
            return false;
        }

        state.State.Rules.Remove(rule);

        foreach (var alert in state.State.Alerts.Values.Where(a => a.RuleId == ruleId).ToArray())
        {
            Replace(alert, null);
        }

        await this.WriteAuditedAsync(state, AuditEntries.AlertRuleDeleted(OrgId, clock.UtcNow, removedBy, rule), WriteAsync, logger);
        if (state.State.Rules.Count == 0 && await this.GetReminder(ReconcileReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        LogRuleRemoved(logger, OrgId, ruleId);
        ArmEvaluation();
        return true;
    }

    public Task<AlertPageResult> PageAlertsAsync(AlertPageQuery query)
    {
        if (_byId is not { } byId || !ReferenceEquals(byId.Of, state.State.Alerts))
        {
            byId = (state.State.Alerts, new AlertsById(state.State.Alerts.Values));
            _byId = byId;
        }

        return Task.FromResult(byId.Alerts.Page(query));
    }

    public Task ObserveAsync(AlertObservation observation)
    {
        if (Apply(state.State.Rules, observation) | FireDue())
        {
            MarkUnsaved();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReconcileReminder)
        {
            return;
        }

        if (state.State.Rules.Count == 0)
        {
            // The last rule went between the reminder's tick and this call, or a crash came between the two writes.
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        await ReconcileAsync(state.State.Rules);
    }

    /// <summary>
    /// Reads the state of the hosts and game servers the given rules watch from the org's summary (which reads the hosts
    /// and servers themselves on its own reconcile), and applies it.
    /// </summary>
    private async Task ReconcileAsync(IReadOnlyList<AlertRule> rules)
    {
        var observations = new List<AlertObservation>();
        foreach (var host in await grains.GetGrain<IOrgSummaryGrain>(OrgId).ListHostsAsync())
        {
            if (rules.Any(r => r.Watches(AlertKind.HostOffline, host.Id)))
            {
                observations.Add(HostOfflineObservation(host.Id, host.Name, host.Status, host.StatusChangedAt));
            }

            if (rules.Any(r => r.Watches(AlertKind.ServerDown, host.Id)))
            {
                observations.AddRange(host.Servers.Select(server => ServerDownObservation(
                    host.Id, server.ServerId, server.Name, server.Health, server.HealthDetail, server.HealthChangedAt ?? clock.UtcNow)));
            }
        }

        var changed = false;
        foreach (var observation in observations)
        {
            changed |= Apply(rules, observation);
        }

        if (changed | FireDue())
        {
            MarkUnsaved();
        }
    }

    /// <summary>What a host's view says about the <see cref="AlertKind.HostOffline"/> condition.</summary>
    public static AlertObservation HostOfflineObservation(HostView host) =>
        HostOfflineObservation(host.Id, host.Name, host.Status, host.StatusChangedAt);

    /// <summary>What a game server's view says about the <see cref="AlertKind.ServerDown"/> condition.</summary>
    public static AlertObservation ServerDownObservation(GameServerView server, DateTimeOffset now) =>
        ServerDownObservation(server.HostId, server.ServerId, server.Name, server.Health, server.HealthDetail, server.HealthChangedAt ?? now);

    private static AlertObservation HostOfflineObservation(string hostId, string name, HostStatus status, DateTimeOffset since) => new(
        AlertKind.HostOffline, hostId, hostId, status == HostStatus.Offline, since,
        status == HostStatus.Offline ? $"Host '{name}' stopped sending heartbeats." : null);

    private static AlertObservation ServerDownObservation(
        string hostId, string serverId, string name, ServerHealth health, string? detail, DateTimeOffset since) => new(
        AlertKind.ServerDown, hostId, GameServerKeys.For(hostId, serverId), IsDown(health), since,
        IsDown(health) ? $"Game server '{name}' is {health.ToString().ToLowerInvariant()}: {detail}" : null);

    public static bool IsDown(ServerHealth health) => health is ServerHealth.Down or ServerHealth.Hung;

    private bool Apply(IEnumerable<AlertRule> rules, AlertObservation observation)
    {
        var changed = false;
        foreach (var rule in rules)
        {
            if (rule.Watches(observation))
            {
                changed |= Transition(rule, observation);
            }
        }

        return changed;
    }

    private bool Transition(AlertRule rule, AlertObservation observation)
    {
        var id = $"{rule.Id:N}:{observation.Subject}";
        state.State.Alerts.TryGetValue(id, out var existing);
        if (observation.Holds)
        {
            // Still the same occurrence (de-duplication), or word of a change older than the alert's resolution.
            if (existing is { Status: not AlertStatus.Resolved } || observation.Since < existing?.ResolvedAt)
            {
                return false;
            }

            Replace(existing, existing is null
                ? new AlertView(id, rule.Id, rule.Name, rule.Kind, observation.HostId, observation.Subject, AlertStatus.Pending,
                    observation.Detail, observation.Since, FiredAt: null, ResolvedAt: null, TimesFired: 0)
                : existing with { Status = AlertStatus.Pending, Detail = observation.Detail, Since = observation.Since });
            return true;
        }

        if (existing is null or { Status: AlertStatus.Resolved } || observation.Since < existing.Since)
        {
            return false;
        }

        if (existing.Status == AlertStatus.Pending)
        {
            // Cleared before it waited its rule's For: nobody heard of it, so it leaves no trace (flap suppression).
            Replace(existing, existing.TimesFired > 0 ? existing with { Status = AlertStatus.Resolved } : null);
            return true;
        }

        var resolvedAt = observation.Since > existing.FiredAt ? observation.Since : existing.FiredAt!.Value;
        Replace(existing, existing with { Status = AlertStatus.Resolved, ResolvedAt = resolvedAt });
        LogResolved(logger, OrgId, existing.Id, existing.Kind, existing.Subject);
        return true;
    }

    /// <summary>Fires every pending alert that has waited its rule's For; true when one did.</summary>
    private bool FireDue()
    {
        var now = clock.UtcNow;
        var fired = false;
        foreach (var alert in state.State.Alerts.Values.Where(a => a.Status == AlertStatus.Pending).ToArray())
        {
            var rule = state.State.Rules.Find(r => r.Id == alert.RuleId);
            if (rule is not null && now >= alert.Since + rule.For)
            {
                Replace(alert, alert with { Status = AlertStatus.Firing, FiredAt = now, ResolvedAt = null, TimesFired = alert.TimesFired + 1 });
                LogFiring(logger, OrgId, alert.Id, alert.Kind, alert.Subject, alert.Since);
                fired = true;
            }
        }

        return fired;
    }

    /// <param name="announce">Whether subscribers hear of it: not for resolved alerts that only leave the history.</param>
    private void Replace(AlertView? before, AlertView? after, bool announce = true)
    {
        if (announce && after?.Status != before?.Status && (after ?? before) is { } alert)
        {
            var now = clock.UtcNow;
            _sequence = Math.Max(_sequence + 1, (now - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
            this.Publish(
                new AlertStateChanged(
                    OrgId, now, _sequence, null, alert.Id, alert.RuleId, alert.RuleName, alert.Kind, alert.HostId, alert.Subject,
                    after?.Status, after?.Detail),
                logger);
        }

        if (before is not null)
        {
            metrics.AlertsActiveChanged(before.Status, -1);
            state.State.Alerts.Remove(before.Id);
            _byId?.Alerts.Remove(before.Id);
        }

        if (after is not null)
        {
            metrics.AlertsActiveChanged(after.Status, +1);
            state.State.Alerts[after.Id] = after;
            _byId?.Alerts.Set(after);
            if (after.Status != before?.Status)
            {
                metrics.AlertEntered(after.Status);
            }
        }
    }

    private void MarkUnsaved()
    {
        _unsaved = true;
        ArmEvaluation();
    }

    /// <summary>Writes the rules and alerts, keeping only the newest resolved alerts.</summary>
    private async Task WriteAsync()
    {
        var resolved = state.State.Alerts.Values.Where(a => a.Status == AlertStatus.Resolved).ToList();
        if (resolved.Count > _options.ResolvedHistory)
        {
            foreach (var oldest in resolved.OrderBy(a => a.ResolvedAt).Take(resolved.Count - _options.ResolvedHistory))
            {
                Replace(oldest, null, announce: false);
            }
        }

        await state.WriteStateAsync();
        _unsaved = false;
    }

    /// <summary>
    /// A timer runs only while an alert is pending or a change is unwritten: it fires each pending alert once its
    /// rule's For has passed, and writes what changed.
    /// </summary>
    private void ArmEvaluation()
    {
        var needed = _unsaved || state.State.Alerts.Values.Any(a => a.Status == AlertStatus.Pending);
        if (needed && _evaluation is null)
        {
            _evaluation = this.RegisterGrainTimer(
                async _ =>
                {
                    if (FireDue() | _unsaved)
                    {
                        await WriteAsync();
                    }

                    ArmEvaluation();
                },
                new GrainTimerCreationOptions(_options.EvaluationPeriod, _options.EvaluationPeriod) { KeepAlive = true });
        }
        else if (!needed && _evaluation is not null)
        {
            _evaluation.Dispose();
            _evaluation = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Org {OrgId} alert rule {RuleId} added: {Kind} on {HostId} for {For}, by {ActorKind} {ActorId}")]
    private static partial void LogRuleAdded(ILogger logger, string orgId, Guid ruleId, AlertKind kind, string? hostId, TimeSpan @for, ActorKind actorKind, string actorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Org {OrgId} alert rule {RuleId} changed: {Kind} on {HostId} for {For}, paused {Paused}")]
    private static partial void LogRuleUpdated(ILogger logger, string orgId, Guid ruleId, AlertKind kind, string? hostId, TimeSpan @for, bool paused);

    [LoggerMessage(Level = LogLevel.Information, Message = "Org {OrgId} alert rule {RuleId} removed")]
    private static partial void LogRuleRemoved(ILogger logger, string orgId, Guid ruleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Org {OrgId} alert {AlertId} firing: {Kind} on {Subject} since {Since}")]
    private static partial void LogFiring(ILogger logger, string orgId, string alertId, AlertKind kind, string subject, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Org {OrgId} alert {AlertId} resolved: {Kind} on {Subject}")]
    private static partial void LogResolved(ILogger logger, string orgId, string alertId, AlertKind kind, string subject);
}
