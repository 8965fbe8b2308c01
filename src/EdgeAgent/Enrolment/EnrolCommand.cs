using System.Text.Json;
using System.Text.Json.Nodes;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Enrolment;

/// <summary>
/// <c>gameops-agent enrol --url &lt;gateway&gt; [--fingerprint &lt;sha-256&gt;] --token &lt;token&gt; [--config &lt;path&gt;]</c>:
/// exchanges a one-time enrolment token for the host's credential over the gateway (TLS pinned to the fingerprint) and
/// writes the gateway, the host id and the credential into the agent's config, keeping everything else in it.
/// </summary>
public static class EnrolCommand
{
    public const string Verb = "enrol";

    // sysexits.h: the caller can tell a typo from a refusal from an unreachable gateway.
    public const int UsageError = 64;
    public const int Unavailable = 69;
    public const int Refused = 77;
    public const int ConfigError = 78;

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var options = ReadOptions(args, out var usageProblem);
        if (options is null)
        {
            await error.WriteLineAsync($"{usageProblem}{Environment.NewLine}Usage: gameops-agent {Verb} --url <gateway URL> [--fingerprint <SHA-256>] --token <enrolment token> [--config <path>]");
            return UsageError;
        }

        var problems = new List<string>();
        var gateway = new AgentConfigDocument { ControlPlaneUrl = options.Url, CertificateFingerprint = options.Fingerprint };
        var url = AgentConfigLoader.ValidateUrl(gateway, problems);
        var fingerprint = AgentConfigLoader.ValidateFingerprint(gateway, url, problems);
        if (url is null || problems.Count > 0)
        {
            await error.WriteLineAsync(string.Join(Environment.NewLine, problems.Select(p => p.Replace("controlPlaneUrl", "--url").Replace("certificateFingerprint", "--fingerprint"))));
            return UsageError;
        }

        // Read (and checked writable) before the token is spent: a token cannot be used again.
        JsonObject config;
        var path = Path.GetFullPath(options.ConfigPath);
        try
        {
            config = ReadConfig(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or AgentConfigException)
        {
            await error.WriteLineAsync($"The agent config {path} cannot be updated: {exception.Message} Nothing was sent; the token is still unused.");
            return ConfigError;
        }

        EnrolResponse enrolled;
        try
        {
            using var channel = GatewayChannelFactory.Create(url, fingerprint, new AgentChannelOptions(), NullLoggerFactory.Instance);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CallTimeout);
            enrolled = await new AgentGateway.AgentGatewayClient(channel).EnrolAsync(new EnrolRequest { Token = options.Token }, cancellationToken: timeout.Token);
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.ResourceExhausted)
        {
            await error.WriteLineAsync($"The control plane refused the enrolment: {exception.Status.Detail}");
            return Refused;
        }
        catch (RpcException exception)
        {
            await error.WriteLineAsync(
                $"The control plane's gateway at {url} could not be reached ({exception.StatusCode}: {exception.Status.Detail}). " +
                "Check the URL and, for https://, the fingerprint; the token is unused if the gateway was never reached.");
            return Unavailable;
        }

        config["controlPlaneUrl"] = url.GetLeftPart(UriPartial.Authority);
        if (fingerprint is null)
        {
            config.Remove("certificateFingerprint");
        }
        else
        {
            config["certificateFingerprint"] = fingerprint.ToString();
        }

        config["hostId"] = enrolled.HostId;
        config["credential"] = enrolled.Credential;
        config.TryAdd("servers", new JsonArray());
        WriteConfig(path, config);
        await output.WriteLineAsync(
            $"Enrolled as host {enrolled.HostId}; its credential is in {path}. Start the agent (or restart it: systemctl restart gameops-agent).");
        return 0;
    }

    private static JsonObject ReadConfig(string path)
    {
        if (!File.Exists(path))
        {
            OwnerOnly.CreateFolderOf(path);
            return [];
        }

        // Opened for writing too, so a file this user cannot write fails now rather than after the token is spent.
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        return JsonNode.Parse(file) as JsonObject ?? throw new AgentConfigException("It is not a JSON object.");
    }

    private static void WriteConfig(string path, JsonObject config)
    {
        // An existing file is rewritten in place, keeping its owner, group and mode (0640 with the agent's group under
        // systemd); a new one is made 0600 from its first byte.
        var exists = File.Exists(path);
        if (!exists)
        {
            OwnerOnly.CreateFolderOf(path);
        }

        using var file = exists ? new FileStream(path, FileMode.Open, FileAccess.Write) : new FileStream(path, OwnerOnly.WriteOptions(FileMode.CreateNew));
        file.SetLength(0);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        config.WriteTo(writer);
        writer.Flush();
        file.WriteByte((byte)'\n');
    }

    private static EnrolOptions? ReadOptions(IReadOnlyList<string> args, out string problem)
    {
        string? url = null, fingerprint = null, token = null, config = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--url" or "--fingerprint" or "--token" or AgentConfigLoader.CommandLineOption))
            {
                problem = $"Unknown argument '{(name.StartsWith("--", StringComparison.Ordinal) ? name : "(a value)")}'.";
                return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"{name} needs a value.";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--url": url = value; break;
                case "--fingerprint": fingerprint = value; break;
                case "--token": token = value; break;
                default: config = value; break;
            }
        }

        problem = url is null ? "--url is required: the control plane's agent gateway." : token is null ? "--token is required: the enrolment token." : "";
        return problem.Length > 0 ? null : new EnrolOptions(url!, fingerprint, token!, config ?? AgentConfigLoader.ResolvePath([], Environment.GetEnvironmentVariable(AgentConfigLoader.EnvironmentVariable)));
    }

    private sealed record EnrolOptions(string Url, string? Fingerprint, string Token, string ConfigPath);
}
