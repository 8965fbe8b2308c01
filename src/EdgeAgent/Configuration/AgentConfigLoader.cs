using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GameOps.AgentProtocol;

namespace GameOps.EdgeAgent.Configuration;

/// <summary>
/// Finds, reads and validates the agent's JSON config file. Every problem is reported at once, each naming its
/// field (<c>servers[1].address must be host:port</c>); no message repeats a secret's value.
/// </summary>
public static partial class AgentConfigLoader
{
    public const string EnvironmentVariable = "GAMEOPS_AGENT_CONFIG";
    public const string DefaultPath = "/etc/gameops/agent.json";
    public const string CommandLineOption = "--config";
    public const int DefaultHeartbeatSeconds = 5;
    public const int MaxHeartbeatSeconds = 300;
    public const int DefaultHealthProbeSeconds = 30;
    public const int MinHealthProbeSeconds = 5;
    public const int MaxHealthProbeSeconds = 3600;
    public const string DefaultJournalFileName = "journal.jsonl";
    public const int MaxNameLength = 100;
    public const int MaxCredentialLength = 1024;
    public const int DefaultRestartWaitSeconds = 120;
    public const int MaxRestartWaitSeconds = 1800;

    /// <summary>
    /// The config file's path: <c>--config &lt;path&gt;</c> (or <c>--config=&lt;path&gt;</c>) on the command line,
    /// else <paramref name="environmentValue"/> (<see cref="EnvironmentVariable"/>), else <see cref="DefaultPath"/>.
    /// </summary>
    public static string ResolvePath(IReadOnlyList<string> args, string? environmentValue)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], CommandLineOption, StringComparison.Ordinal))
            {
                return i + 1 < args.Count && !string.IsNullOrWhiteSpace(args[i + 1]) && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[i + 1]
                    : throw new AgentConfigException($"{CommandLineOption} needs a path: {CommandLineOption} /etc/gameops/agent.json");
            }

            if (args[i].StartsWith(CommandLineOption + "=", StringComparison.Ordinal))
            {
                var value = args[i][(CommandLineOption.Length + 1)..];
                return !string.IsNullOrWhiteSpace(value)
                    ? value
                    : throw new AgentConfigException($"{CommandLineOption} needs a path: {CommandLineOption} /etc/gameops/agent.json");
            }
        }

        return string.IsNullOrWhiteSpace(environmentValue) ? DefaultPath : environmentValue;
    }

    /// <summary>Reads and validates the config file at <paramref name="path"/>.</summary>
    /// <param name="path">The config file.</param>
    /// <param name="actionsByKind">The game kinds this agent has adapters for, with each one's actions.</param>
    /// <param name="stateDirectory">
    /// systemd's <c>STATE_DIRECTORY</c>, when set: the default journal goes there, because a hardened unit cannot
    /// write next to its config file in <c>/etc</c>.
    /// </param>
    /// <exception cref="AgentConfigException">The file is missing, unreadable, not JSON, or invalid.</exception>
    public static AgentConfig Load(string path, IReadOnlyDictionary<string, IReadOnlyList<string>> actionsByKind, string? stateDirectory = null)
    {
        var fullPath = Path.GetFullPath(path);
        string json;
        try
        {
            json = File.ReadAllText(fullPath);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AgentConfigException(
                $"The agent config file {fullPath} does not exist. Name it with {CommandLineOption} <path> or {EnvironmentVariable}.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AgentConfigException($"The agent config file {fullPath} cannot be read: {exception.Message}", exception);
        }

        return Parse(json, fullPath, actionsByKind, stateDirectory);
    }

    /// <summary>Validates <paramref name="json"/> as the contents of the config file at <paramref name="configPath"/>.</summary>
    /// <exception cref="AgentConfigException">The JSON is malformed or invalid.</exception>
    public static AgentConfig Parse(
        string json,
        string configPath,
        IReadOnlyDictionary<string, IReadOnlyList<string>> actionsByKind,
        string? stateDirectory = null)
    {
        AgentConfigDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, AgentConfigJsonContext.Default.AgentConfigDocument);
        }
        catch (JsonException exception)
        {
            // System.Text.Json's messages name the path and position, not the offending value.
            throw new AgentConfigException($"The agent config {configPath} is not valid: {exception.Message}", exception);
        }

        if (document is null)
        {
            throw new AgentConfigException($"The agent config {configPath} is not valid: it must be a JSON object.");
        }

        var problems = new List<string>();
        var url = ValidateUrl(document, problems);
        var fingerprint = ValidateFingerprint(document, url, problems);
        ValidateHostId(document.HostId, problems);
        ValidateCredential(document.Credential, problems);
        var heartbeatSeconds = document.HeartbeatSeconds ?? DefaultHeartbeatSeconds;
        if (heartbeatSeconds is < 1 or > MaxHeartbeatSeconds)
        {
            problems.Add($"heartbeatSeconds must be between 1 and {MaxHeartbeatSeconds}");
        }

        var healthProbeSeconds = document.HealthProbeSeconds ?? DefaultHealthProbeSeconds;
        if (healthProbeSeconds != 0 && healthProbeSeconds is < MinHealthProbeSeconds or > MaxHealthProbeSeconds)
        {
            problems.Add($"healthProbeSeconds must be between {MinHealthProbeSeconds} and {MaxHealthProbeSeconds}, or 0 to turn the health probe off");
        }

        var journalPath = ResolveJournalPath(document.JournalPath, configPath, stateDirectory, problems);
        var consoleLogDirectory = ResolveConsoleLogDirectory(document.ConsoleLogDirectory, configPath, problems);
        var servers = ValidateServers(document.Servers, actionsByKind, configPath, problems);

        if (problems.Count > 0)
        {
            throw new AgentConfigException(
                $"The agent config {configPath} is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
            {
                Problems = problems,
            };
        }

        return new AgentConfig
        {
            ControlPlaneUrl = url!,
            CertificateFingerprint = fingerprint,
            HostId = document.HostId!,
            Credential = document.Credential!,
            HeartbeatInterval = TimeSpan.FromSeconds(heartbeatSeconds),
            HealthProbeInterval = TimeSpan.FromSeconds(healthProbeSeconds),
            JournalPath = journalPath!,
            ConsoleLogDirectory = consoleLogDirectory,
            Servers = servers,
        };
    }

    internal static Uri? ValidateUrl(AgentConfigDocument document, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(document.ControlPlaneUrl))
        {
            problems.Add("controlPlaneUrl is required: the control plane's agent gateway, e.g. https://gameops.example.com:5443");
            return null;
        }

        if (!Uri.TryCreate(document.ControlPlaneUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.UserInfo.Length > 0)
        {
            problems.Add("controlPlaneUrl must be an http:// or https:// URL without user information");
            return null;
        }

        // gRPC calls go to /<package>.<Service>/<Method> at the origin: a path here would be silently ignored.
        if (url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            problems.Add("controlPlaneUrl must be the gateway's scheme, host and port only, without a path or query");
            return null;
        }

        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            problems.Add(
                "controlPlaneUrl may use http:// only for a loopback address (localhost, 127.0.0.1, [::1]); " +
                "anywhere else the credential would cross the network in clear text: use https://");
            return null;
        }

        return url;
    }

    internal static CertificateFingerprint? ValidateFingerprint(AgentConfigDocument document, Uri? url, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(document.CertificateFingerprint))
        {
            if (url?.Scheme == Uri.UriSchemeHttps)
            {
                problems.Add(
                    "certificateFingerprint is required with an https:// controlPlaneUrl: the SHA-256 fingerprint of the " +
                    "gateway's certificate, the only certificate this agent will trust");
            }

            return null;
        }

        if (!CertificateFingerprint.TryParse(document.CertificateFingerprint, out var fingerprint))
        {
            problems.Add("certificateFingerprint must be a SHA-256 fingerprint: 64 hex digits, optionally separated by colons");
            return null;
        }

        return fingerprint;
    }

    private static void ValidateHostId(string? hostId, List<string> problems)
    {
        if (string.IsNullOrEmpty(hostId))
        {
            problems.Add("hostId is required: the id the control plane gave this host");
        }
        else if (!IdPattern().IsMatch(hostId))
        {
            problems.Add("hostId must be 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    private static void ValidateCredential(string? credential, List<string> problems)
    {
        if (string.IsNullOrEmpty(credential))
        {
            problems.Add("credential is required: the host credential the control plane issued at enrolment");
        }
        else if (credential.Length > MaxCredentialLength || !credential.All(c => c is > ' ' and <= '~'))
        {
            // It travels in an HTTP header: printable ASCII only. The value itself is never repeated.
            problems.Add($"credential must be at most {MaxCredentialLength} printable ASCII characters without spaces");
        }
    }

    private static string? ResolveJournalPath(string? journalPath, string configPath, string? stateDirectory, List<string> problems)
    {
        if (journalPath is null)
        {
            // systemd may list several state directories separated by colons; the first is the unit's own.
            var state = stateDirectory?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            var directory = !string.IsNullOrWhiteSpace(state) ? state : Path.GetDirectoryName(configPath) ?? ".";
            return Path.GetFullPath(Path.Combine(directory, DefaultJournalFileName));
        }

        if (string.IsNullOrWhiteSpace(journalPath) || journalPath.EndsWith('/'))
        {
            problems.Add("journalPath must name a file, e.g. /var/lib/gameops-agent/journal.jsonl");
            return null;
        }

        return Path.GetFullPath(journalPath, Path.GetDirectoryName(configPath) ?? Directory.GetCurrentDirectory());
    }

    private static string? ResolveConsoleLogDirectory(string? directory, string configPath, List<string> problems)
    {
        if (directory is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(directory) || directory.Any(char.IsControl))
        {
            problems.Add(
                "consoleLogDirectory must name a folder, e.g. /var/log/gameops-agent (each game server's console lines " +
                "go to <server id>.log in it); leave it out to keep console lines in memory only");
            return null;
        }

        return Path.GetFullPath(directory, Path.GetDirectoryName(configPath) ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Whether <paramref name="id"/> is a valid host or server id: also safe as a file name.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    private static List<GameServerConfig> ValidateServers(
        List<GameServerDocument?>? documents,
        IReadOnlyDictionary<string, IReadOnlyList<string>> actionsByKind,
        string configPath,
        List<string> problems)
    {
        var servers = new List<GameServerConfig>();
        var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (documents?.Count ?? 0); i++)
        {
            var field = $"servers[{i}]";
            var document = documents![i];
            if (document is null)
            {
                problems.Add($"{field} must be an object");
                continue;
            }

            var before = problems.Count;
            if (string.IsNullOrEmpty(document.Id))
            {
                problems.Add($"{field}.id is required");
            }
            else if (!IdPattern().IsMatch(document.Id))
            {
                problems.Add($"{field}.id must be 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit");
            }
            else if (firstIndexById.TryGetValue(document.Id, out var first))
            {
                problems.Add($"{field}.id '{document.Id}' is already used by servers[{first}]");
            }
            else
            {
                firstIndexById[document.Id] = i;
            }

            if (document.Name is { } name && (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl) || string.IsNullOrWhiteSpace(name)))
            {
                problems.Add($"{field}.name must be 1 to {MaxNameLength} characters without control characters");
            }

            IReadOnlyList<string>? kindActions = null;
            if (string.IsNullOrEmpty(document.Kind))
            {
                problems.Add($"{field}.kind is required (one of: {string.Join(", ", actionsByKind.Keys.Order(StringComparer.Ordinal))})");
            }
            else if (!actionsByKind.TryGetValue(document.Kind, out kindActions))
            {
                problems.Add(
                    $"{field}.kind '{document.Kind}' is not a game kind this agent has an adapter for " +
                    $"(one of: {string.Join(", ", actionsByKind.Keys.Order(StringComparer.Ordinal))})");
            }

            if (!ServerAddress.TryParse(document.Address, out var address))
            {
                problems.Add(document.Address is null
                    ? $"{field}.address is required: the game console's host:port, e.g. 127.0.0.1:27015"
                    : $"{field}.address must be host:port with a port from 1 to 65535, e.g. 127.0.0.1:27015 or [::1]:27015");
            }

            if (string.IsNullOrEmpty(document.Password))
            {
                problems.Add($"{field}.password is required: the game console's password, which never leaves this host");
            }
            else if (document.Password.Contains('\0', StringComparison.Ordinal))
            {
                problems.Add($"{field}.password must not contain a NUL character");
            }

            var power = ServerPowerLoader.Validate(field, document.Power, problems);
            if (kindActions is not null && power is not null)
            {
                // Power actions run the host's process manager, not the console: any kind has them once configured.
                kindActions = [.. kindActions, .. power.Actions];
            }

            string? logFile = null;
            if (document.LogFile is { } file)
            {
                if (string.IsNullOrWhiteSpace(file) || file.Any(char.IsControl) || file.EndsWith('/'))
                {
                    problems.Add($"{field}.logFile must name the game's log file, e.g. /home/sdtd/output_log.txt; leave it out to send the console's lines");
                }
                else
                {
                    logFile = Path.GetFullPath(file, Path.GetDirectoryName(configPath) ?? Directory.GetCurrentDirectory());
                }
            }

            var allowed = ValidateAllowedActions(field, document, kindActions, problems);
            var policy = ServerPolicyLoader.Validate(field, document.Policy, kindActions, document.Kind, problems);
            if (problems.Count == before)
            {
                servers.Add(new GameServerConfig
                {
                    Id = document.Id!,
                    Name = document.Name ?? document.Id!,
                    Kind = document.Kind!,
                    Address = address,
                    Password = document.Password!,
                    AllowedActions = allowed,
                    Policy = policy,
                    Power = power,
                    LogFile = logFile,
                });
            }
        }

        return servers;
    }

    private static List<string> ValidateAllowedActions(
        string field, GameServerDocument document, IReadOnlyList<string>? kindActions, List<string> problems)
    {
        if (document.AllowedActions is null)
        {
            // Omitted: every action the adapter supports but console.raw, which runs anything the console takes and so
            // must be listed to be enabled. An empty array allows nothing.
            return kindActions is null ? [] : [.. kindActions.Where(action => action != GameActions.ConsoleRaw)];
        }

        var allowed = new List<string>();
        for (var j = 0; j < document.AllowedActions.Count; j++)
        {
            var action = document.AllowedActions[j];
            if (string.IsNullOrEmpty(action))
            {
                problems.Add($"{field}.allowedActions[{j}] must be an action name");
            }
            else if (kindActions is not null && !kindActions.Contains(action, StringComparer.Ordinal))
            {
                problems.Add(
                    $"{field}.allowedActions[{j}] '{action}' is not an action of kind '{document.Kind}' " +
                    $"(its actions: {string.Join(", ", kindActions)})");
            }
            else if (!allowed.Contains(action, StringComparer.Ordinal))
            {
                allowed.Add(action);
            }
        }

        return allowed;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.IdnHost, out var address) && IPAddress.IsLoopback(address));

    // The control plane's rule for host and server ids (short, lowercase, nothing to escape in URLs and logs).
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}
