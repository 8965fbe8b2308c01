using System.Text.RegularExpressions;
using GameOps.AgentProtocol;

namespace GameOps.EdgeAgent.Configuration;

/// <summary>Validates a server's <c>power</c> object; every problem names its field.</summary>
internal static partial class ServerPowerLoader
{
    public static ServerPowerConfig? Validate(string field, ServerPowerDocument? document, List<string> problems)
    {
        if (document is null)
        {
            return null;
        }

        field += ".power";
        var before = problems.Count;
        var waitSeconds = document.RestartWaitSeconds ?? AgentConfigLoader.DefaultRestartWaitSeconds;
        if (waitSeconds is < 1 or > AgentConfigLoader.MaxRestartWaitSeconds)
        {
            problems.Add($"{field}.restartWaitSeconds must be from 1 to {AgentConfigLoader.MaxRestartWaitSeconds}");
        }

        if ((document.SystemdUnit is null) == (document.Commands is null))
        {
            problems.Add($"{field} must set either systemdUnit (e.g. \"cs2.service\") or commands (an argument array per power action), not both");
            return null;
        }

        if (document.SystemdUnit is { } unit && !UnitPattern().IsMatch(unit))
        {
            problems.Add($"{field}.systemdUnit must be a unit name such as cs2.service (letters, digits, '@', '.', '_', ':', '-'; not starting with '-')");
        }

        var commands = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (action, argv) in document.Commands ?? [])
        {
            var commandField = $"{field}.commands['{action}']";
            if (!GameActions.Power.Contains(action, StringComparer.Ordinal))
            {
                problems.Add($"{commandField}: '{action}' is not a power action (one of: {string.Join(", ", GameActions.Power)})");
            }
            else if (argv is null || argv.Count == 0 || argv.Any(string.IsNullOrEmpty) || argv.Any(a => a!.Contains('\0', StringComparison.Ordinal)))
            {
                problems.Add($"{commandField} must be a non-empty array of non-empty strings: the program, then its arguments");
            }
            else if (!Path.IsPathFullyQualified(argv[0]!))
            {
                problems.Add($"{commandField}[0] must be the program's absolute path, e.g. /usr/bin/supervisorctl");
            }
            else
            {
                commands[action] = [.. argv!];
            }
        }

        return problems.Count == before
            ? new ServerPowerConfig { SystemdUnit = document.SystemdUnit, Commands = commands, RestartWait = TimeSpan.FromSeconds(waitSeconds) }
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9@._:\\\\][A-Za-z0-9@._:\\\\-]{0,255}$")]
    private static partial Regex UnitPattern();
}
