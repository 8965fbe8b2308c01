namespace GameOps.Grains.Audit;

/// <summary>The kinds of change the audit log records (<see cref="AuditEntry.Action"/>).</summary>
public static class AuditActions
{
    public const string HostRegister = "host.register";
    public const string HostEnrolmentCreate = "host.enrolment.create";
    public const string HostEnrol = "host.enrol";
    public const string HostEnrolRefuse = "host.enrol.refuse";
    public const string HostCredentialRevoke = "host.credential.revoke";
    public const string JobSubmit = "job.submit";
    public const string JobCancel = "job.cancel";
    public const string JobFinish = "job.finish";
    public const string AlertRuleAdd = "alert-rule.add";
    public const string AlertRuleUpdate = "alert-rule.update";
    public const string AlertRuleDelete = "alert-rule.delete";
    public const string PolicySet = "policy.set";
    public const string OrgCreate = "org.create";
    public const string MemberSet = "member.set";
    public const string MemberRemove = "member.remove";
    public const string ApiKeyCreate = "api-key.create";
    public const string ApiKeyRevoke = "api-key.revoke";
    public const string InviteCreate = "invite.create";
    public const string InviteRevoke = "invite.revoke";
    public const string PlatformSetup = "platform.setup";
    public const string AdminKeyRotate = "admin-key.rotate";
    public const string AccountCreate = "account.create";
    public const string AccountPasswordChange = "account.password.change";
    public const string AccountSignOutEverywhere = "account.sign-out-everywhere";
    public const string ScheduleSave = "schedule.save";
    public const string ScheduleDelete = "schedule.delete";
    public const string ScheduleRun = "schedule.run";
    public const string ScheduleRunCancel = "schedule.run.cancel";
}
