using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GameOps.Grains.Alerts;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Identity;
using GameOps.Grains.Jobs;
using GameOps.Grains.Schedules;

namespace GameOps.Grains.Audit;

/// <summary>The audit entries of each kind of change: their targets, summaries and what changed.</summary>
public static class AuditEntries
{
    /// <summary>How much of a game's answer (output and typed data, UTF-8) an entry keeps; the rest is cut and the entry says so.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    // Game output is often not ASCII; escaping it would take up to six times the room. The JSON is only ever served as JSON.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions PolicyJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The log the platform's own changes go to (setup, admin key rotation, accounts and orgs made): kept with the orgs'
    /// entries under an id no org can have, and read by the platform admin only.
    /// </summary>
    public const string PlatformLog = "_platform";

    public static string Via(Actor actor) => actor.Kind.ToString().ToLowerInvariant();

    public static string HostTarget(string hostId) => $"host/{hostId}";

    public static string JobTarget(Guid jobId) => $"job/{jobId:D}";

    public static string AlertRuleTarget(Guid ruleId) => $"alert-rule/{ruleId:D}";

    public static string PolicyTarget(string hostId, string serverId) => $"host/{hostId}/server/{serverId}/policy";

    public static AuditEntry HostRegistered(string orgId, DateTimeOffset at, Actor actor, string hostId, string name) =>
        New(orgId, at, actor, HostTarget(hostId), AuditActions.HostRegister, $"Registered host '{name}'.", Json(w => w.WriteString("name", name)));

    /// <summary>
    /// Whether an entry about a job is written: all are, but those of the control plane's own reads (the players probe,
    /// every few minutes per server), which change nothing and would bury the entries people look for. A person who
    /// cancels such a job is audited.
    /// </summary>
    public static bool IsAudited(AuditEntry entry, JobSpec spec) =>
        entry.Actor.Kind != ActorKind.System || !AgentProtocol.GameActions.IsReadOnly(spec.Action);

    public static AuditEntry EnrolmentCreated(string orgId, DateTimeOffset at, Actor actor, string hostId, DateTimeOffset expiresAt) =>
        New(orgId, at, actor, HostTarget(hostId), AuditActions.HostEnrolmentCreate, $"Made an enrolment token for host {hostId}.",
            Json(w => w.WriteString("expiresAt", expiresAt)));

    /// <summary>An agent's attempt to enrol with a token: <see cref="EnrolmentOutcome.Enrolled"/> or why it was refused.</summary>
    public static AuditEntry EnrolmentAttempted(string orgId, DateTimeOffset at, Actor agent, string hostId, EnrolmentOutcome outcome) =>
        New(orgId, at, agent, HostTarget(hostId),
            outcome == EnrolmentOutcome.Enrolled ? AuditActions.HostEnrol : AuditActions.HostEnrolRefuse,
            outcome switch
            {
                EnrolmentOutcome.Enrolled => $"An agent enrolled as host {hostId}; its earlier credential no longer works.",
                EnrolmentOutcome.Used => $"Refused an agent's enrolment as host {hostId}: the token was already used.",
                EnrolmentOutcome.Expired => $"Refused an agent's enrolment as host {hostId}: the token had expired.",
                _ => $"Refused an agent's enrolment as host {hostId}: the token is not the host's.",
            },
            Json(w => w.WriteString("outcome", outcome.ToString())));

    public static AuditEntry CredentialRevoked(string orgId, DateTimeOffset at, Actor actor, string hostId, bool wasConnected) =>
        New(orgId, at, actor, HostTarget(hostId), AuditActions.HostCredentialRevoke,
            wasConnected ? $"Revoked host {hostId}'s credential and cut its agent's stream." : $"Revoked host {hostId}'s credential.",
            Json(w => w.WriteBoolean("wasConnected", wasConnected)));

    public static AuditEntry JobSubmitted(Guid jobId, JobSpec spec) =>
        New(spec.OrgId, spec.CreatedAt, spec.RequestedBy, JobTarget(jobId), AuditActions.JobSubmit,
            $"Submitted {spec.Action} for server {spec.ServerId} of host {spec.HostId}.", Json(w => WriteJob(w, spec)));

    /// <summary>A cancel that ended the job at once (<see cref="JobState.Cancelled"/>) or was sent on to its agent.</summary>
    public static AuditEntry JobCancelled(Guid jobId, JobSpec spec, DateTimeOffset at, Actor actor, JobState state)
    {
        var summary = state == JobState.Cancelled
            ? $"Cancelled {spec.Action} before it was sent to the agent."
            : $"Asked the agent to cancel {spec.Action}; it ends with the agent's answer.";
        return New(spec.OrgId, at, actor, JobTarget(jobId), AuditActions.JobCancel, summary, Json(w =>
        {
            WriteJob(w, spec);
            w.WriteString("state", state.ToString());
        }));
    }

    /// <summary>A job's end with the game's answer, cut at <see cref="MaxAnswerBytes"/> (<c>answerCut</c> true when cut).</summary>
    public static AuditEntry JobFinished(Guid jobId, JobSpec spec, DateTimeOffset at, JobState state, string? output, string? error, string? data)
    {
        var cut = Encoding.UTF8.GetByteCount(output ?? "") + Encoding.UTF8.GetByteCount(data ?? "") > MaxAnswerBytes;
        return New(spec.OrgId, at, spec.RequestedBy, JobTarget(jobId), AuditActions.JobFinish, $"{spec.Action} ended {state}.", Json(w =>
        {
            WriteJob(w, spec);
            w.WriteString("state", state.ToString());
            w.WriteString("error", error);
            if (!cut)
            {
                w.WriteString("output", output);
                w.WritePropertyName("data");
                if (data is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteRawValue(data);
                }
            }
            else
            {
                // Output first: it is what the game said; the typed data is read from it.
                var keptOutput = Cut(output ?? "", MaxAnswerBytes);
                w.WriteString("output", keptOutput);
                w.WriteString("data", data is null ? null : Cut(data, MaxAnswerBytes - Encoding.UTF8.GetByteCount(keptOutput)));
            }

            w.WriteBoolean("answerCut", cut);
        }));
    }

    public static AuditEntry AlertRuleAdded(string orgId, DateTimeOffset at, Actor actor, AlertRule rule) =>
        New(orgId, at, actor, AlertRuleTarget(rule.Id), AuditActions.AlertRuleAdd, $"Added alert rule '{rule.Name}'.", Json(w => WriteRule(w, rule)));

    public static AuditEntry AlertRuleUpdated(string orgId, DateTimeOffset at, Actor actor, AlertRule before, AlertRule rule) =>
        New(orgId, at, actor, AlertRuleTarget(rule.Id), AuditActions.AlertRuleUpdate, $"Changed alert rule '{rule.Name}'.", Json(w =>
        {
            WriteRule(w, rule);
            w.WriteStartObject("before");
            WriteRule(w, before);
            w.WriteEndObject();
        }));

    public static AuditEntry AlertRuleDeleted(string orgId, DateTimeOffset at, Actor actor, AlertRule rule) =>
        New(orgId, at, actor, AlertRuleTarget(rule.Id), AuditActions.AlertRuleDelete, $"Deleted alert rule '{rule.Name}'.", Json(w => WriteRule(w, rule)));

    public static AuditEntry PolicySet(string orgId, DateTimeOffset at, Actor actor, string hostId, string serverId, ServerPolicySpec? narrowing) =>
        New(orgId, at, actor, PolicyTarget(hostId, serverId), AuditActions.PolicySet,
            narrowing is null ? $"Lifted the narrowing of server {serverId}'s policy." : $"Narrowed server {serverId}'s policy.",
            Json(w =>
            {
                w.WritePropertyName("narrowing");
                JsonSerializer.Serialize(w, narrowing, PolicyJson);
            }));

    public static string OrgTarget(string orgId) => $"org/{orgId}";

    public static string MemberTarget(string userId) => $"member/{userId}";

    public static string ApiKeyTarget(string keyId) => $"api-key/{keyId}";

    public static AuditEntry OrgCreated(string orgId, DateTimeOffset at, Actor actor, string name, string ownerUserId) =>
        New(orgId, at, actor, OrgTarget(orgId), AuditActions.OrgCreate, $"Created org '{name}'.", Json(w =>
        {
            w.WriteString("name", name);
            w.WriteString("owner", ownerUserId);
        }));

    public static AuditEntry MemberSet(string orgId, DateTimeOffset at, Actor actor, OrgMember member, OrgRole? before) =>
        New(orgId, at, actor, MemberTarget(member.UserId), AuditActions.MemberSet,
            before is null ? $"Added member {member.UserId} as {member.Role}." : $"Set member {member.UserId}'s role to {member.Role}.",
            Json(w =>
            {
                w.WriteString("role", member.Role.ToString());
                w.WriteString("before", before?.ToString());
                w.WriteStartObject("servers");
                foreach (var (server, permissions) in member.Servers.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    w.WriteString(server, permissions.ToString());
                }

                w.WriteEndObject();
            }));

    public static AuditEntry MemberRemoved(string orgId, DateTimeOffset at, Actor actor, OrgMember member) =>
        New(orgId, at, actor, MemberTarget(member.UserId), AuditActions.MemberRemove, $"Removed member {member.UserId} ({member.Role}).",
            Json(w => w.WriteString("role", member.Role.ToString())));

    public static AuditEntry ApiKeyCreated(string orgId, Actor actor, ApiKeyView key) =>
        New(orgId, key.CreatedAt, actor, ApiKeyTarget(key.Id), AuditActions.ApiKeyCreate, $"Created API key '{key.Name}' ({key.Role}).", Json(w =>
        {
            w.WriteString("name", key.Name);
            w.WriteString("role", key.Role.ToString());
            if (key.ExpiresAt is { } expiresAt)
            {
                w.WriteString("expiresAt", expiresAt);
            }
            else
            {
                w.WriteNull("expiresAt");
            }
        }));

    public static AuditEntry ApiKeyRevoked(string orgId, DateTimeOffset at, Actor actor, ApiKeyView key) =>
        New(orgId, at, actor, ApiKeyTarget(key.Id), AuditActions.ApiKeyRevoke, $"Revoked API key '{key.Name}'.", Json(w => w.WriteString("name", key.Name)));

    public static string UserTarget(string userId) => $"user/{userId}";

    public static AuditEntry SetupCompleted(DateTimeOffset at, Actor actor) =>
        New(PlatformLog, at, actor, "platform", AuditActions.PlatformSetup, "Completed setup; the setup token is used up.", "{}");

    public static AuditEntry AdminKeyRotated(DateTimeOffset at, Actor actor) =>
        New(PlatformLog, at, actor, "platform/admin-key", AuditActions.AdminKeyRotate, "Rotated the platform admin key; the old one is refused.", "{}");

    public static AuditEntry AccountCreated(DateTimeOffset at, Actor actor, string userId, string name, bool isPlatformAdmin) =>
        New(PlatformLog, at, actor, UserTarget(userId), AuditActions.AccountCreate,
            isPlatformAdmin ? $"Created the platform admin account '{name}'." : $"Created the account '{name}'.",
            Json(w =>
            {
                w.WriteString("name", name);
                w.WriteBoolean("platformAdmin", isPlatformAdmin);
            }));

    public static AuditEntry PasswordChanged(DateTimeOffset at, Actor actor, string userId) =>
        New(PlatformLog, at, actor, UserTarget(userId), AuditActions.AccountPasswordChange,
            "Changed the account's password; every earlier session and access token ends.", "{}");

    public static AuditEntry SignedOutEverywhere(DateTimeOffset at, Actor actor, string userId) =>
        New(PlatformLog, at, actor, UserTarget(userId), AuditActions.AccountSignOutEverywhere,
            "Signed the account out everywhere; every earlier session and access token ends.", "{}");

    /// <summary>The platform's copy of an org's <see cref="OrgCreated"/>, so the platform admin sees every org made.</summary>
    public static AuditEntry OrgCreatedOnPlatform(AuditEntry orgCreated) =>
        orgCreated with { Id = Guid.CreateVersion7(orgCreated.At), OrgId = PlatformLog };

    public static string InviteTarget(string inviteId) => $"invite/{inviteId}";

    public static AuditEntry InviteCreated(string orgId, Actor actor, InviteView invite) =>
        New(orgId, invite.CreatedAt, actor, InviteTarget(invite.Id), AuditActions.InviteCreate, $"Invited someone as {invite.Role}.", Json(w =>
        {
            w.WriteString("role", invite.Role.ToString());
            w.WriteString("expiresAt", invite.ExpiresAt);
        }));

    public static AuditEntry InviteRevoked(string orgId, DateTimeOffset at, Actor actor, InviteView invite) =>
        New(orgId, at, actor, InviteTarget(invite.Id), AuditActions.InviteRevoke, $"Revoked an invite as {invite.Role}.", Json(w => w.WriteString("role", invite.Role.ToString())));

    public static string ScheduleTarget(Guid scheduleId) => $"schedule/{scheduleId:D}";

    public static AuditEntry ScheduleSaved(string orgId, DateTimeOffset at, Actor actor, Guid scheduleId, ScheduleSpec spec, bool created) =>
        New(orgId, at, actor, ScheduleTarget(scheduleId), AuditActions.ScheduleSave,
            created ? $"Created schedule '{spec.Name}'." : $"Changed schedule '{spec.Name}'.",
            Json(w =>
            {
                w.WritePropertyName("spec");
                JsonSerializer.Serialize(w, spec, PolicyJson);
            }));

    public static AuditEntry ScheduleDeleted(string orgId, DateTimeOffset at, Actor actor, Guid scheduleId, ScheduleSpec spec) =>
        New(orgId, at, actor, ScheduleTarget(scheduleId), AuditActions.ScheduleDelete, $"Deleted schedule '{spec.Name}'.", Json(w => w.WriteString("name", spec.Name)));

    public static AuditEntry ScheduleRunRequested(string orgId, DateTimeOffset at, Actor actor, Guid scheduleId, ScheduleSpec spec, Guid runId) =>
        New(orgId, at, actor, ScheduleTarget(scheduleId), AuditActions.ScheduleRun, $"Ran schedule '{spec.Name}' now.", Json(w => w.WriteString("runId", runId)));

    public static AuditEntry ScheduleRunCancelled(string orgId, DateTimeOffset at, Actor actor, Guid scheduleId, ScheduleSpec spec, Guid runId) =>
        New(orgId, at, actor, ScheduleTarget(scheduleId), AuditActions.ScheduleRunCancel, $"Cancelled a run of schedule '{spec.Name}'.", Json(w => w.WriteString("runId", runId)));

    private static AuditEntry New(string orgId, DateTimeOffset at, Actor actor, string target, string action, string summary, string changes) =>
        new(Guid.CreateVersion7(at), orgId, at, actor, Via(actor), target, action, summary, changes);

    /// <summary>A JSON object with the properties <paramref name="write"/> writes.</summary>
    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteJob(Utf8JsonWriter w, JobSpec spec)
    {
        w.WriteString("hostId", spec.HostId);
        w.WriteString("serverId", spec.ServerId);
        w.WriteString("action", spec.Action);
        w.WriteStartObject("arguments");
        foreach (var (name, value) in spec.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, AlertRule rule)
    {
        w.WriteString("name", rule.Name);
        w.WriteString("kind", rule.Kind.ToString());
        w.WriteString("hostId", rule.HostId);
        w.WriteNumber("forSeconds", rule.For.TotalSeconds);
        w.WriteBoolean("paused", rule.Paused);
    }

    /// <summary>The longest start of <paramref name="text"/> that fits in <paramref name="maxBytes"/> of UTF-8, whole characters only.</summary>
    private static string Cut(string text, int maxBytes)
    {
        var bytes = 0;
        var chars = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            chars += rune.Utf16SequenceLength;
        }

        return text[..chars];
    }
}
