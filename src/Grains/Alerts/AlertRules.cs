using GameOps.Grains.Hosts;

namespace GameOps.Grains.Alerts;

/// <summary>What makes an alert rule valid, shared by the API (to answer field by field) and the grain.</summary>
public static class AlertRules
{
    public const int MaxRulesPerOrg = 100;
    public const int MaxNameLength = 100;
    public static readonly TimeSpan MaxFor = TimeSpan.FromDays(1);

    /// <summary>Problems with a rule request by field name (camel case, as the API spells them); empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(AddAlertRule request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (TextRules.ValidateName(request.Name, "rule", MaxNameLength) is { } nameProblem)
        {
            errors["name"] = [nameProblem];
        }

        if (!Enum.IsDefined(request.Kind))
        {
            errors["kind"] = [$"The kind must be one of: {string.Join(", ", Enum.GetNames<AlertKind>())}."];
        }

        if (request.For < TimeSpan.Zero || request.For > MaxFor)
        {
            errors["forSeconds"] = [$"forSeconds must be between 0 and {MaxFor.TotalSeconds:0}."];
        }

        if (request.HostId is not null && !HostRules.IsValidHostId(request.HostId))
        {
            errors["hostId"] = ["The host id is not a valid host id."];
        }

        return errors;
    }
}
