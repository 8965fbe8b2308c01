using System.Diagnostics;
using System.Text.Json.Nodes;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;

namespace GameOps.EdgeAgent.Tests.Configuration;

public sealed class AgentConfigLoaderTests : IDisposable
{
    private const string Credential = "cred-7b1e9c4f0a2d4e8f9c1b3a5d7e9f1a2b";
    private const string Password = "rcon-secret-41c9";
    private const string ConfigPath = "/etc/gameops/agent.json";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static JsonObject ValidJson() => new()
    {
        ["controlPlaneUrl"] = "https://gameops.example.com:5443",
        ["certificateFingerprint"] = new string('a', 64),
        ["hostId"] = "host-1",
        ["credential"] = Credential,
        ["servers"] = new JsonArray
        {
            new JsonObject
            {
                ["id"] = "cs2-main",
                ["name"] = "CS2 main",
                ["kind"] = "source-rcon",
                ["address"] = "127.0.0.1:27015",
                ["password"] = Password,
            },
            new JsonObject
            {
                ["id"] = "mc",
                ["kind"] = "source-rcon",
                ["address"] = "[::1]:25575",
                ["password"] = Password,
                ["allowedActions"] = new JsonArray("players.list"),
            },
        },
    };

    private static AgentConfig Parse(JsonObject json, string? stateDirectory = null) =>
        AgentConfigLoader.Parse(json.ToJsonString(), ConfigPath, GameAdapterRegistry.BuiltInKinds, stateDirectory);

    private static AgentConfigException Invalid(Action<JsonObject> change)
    {
        var json = ValidJson();
        change(json);
        return Assert.Throws<AgentConfigException>(() => Parse(json));
    }

    [Fact]
    public void Valid_file_is_read_with_defaults()
    {
        var config = Parse(ValidJson());

        Assert.Equal(new Uri("https://gameops.example.com:5443"), config.ControlPlaneUrl);
        Assert.Equal("host-1", config.HostId);
        Assert.Equal(TimeSpan.FromSeconds(5), config.HeartbeatInterval);
        Assert.Equal("/etc/gameops/journal.jsonl", config.JournalPath);
        Assert.Equal(2, config.Servers.Count);
        Assert.Equal(new ServerAddress("127.0.0.1", 27015), config.Servers[0].Address);
        Assert.Equal(["chat.say", "players.list"], config.Servers[0].AllowedActions); // console.raw must be listed to run
        Assert.Equal("mc", config.Servers[1].Name);
        Assert.Equal(new ServerAddress("::1", 25575), config.Servers[1].Address);
        Assert.Equal(["players.list"], config.Servers[1].AllowedActions);
    }

    [Fact]
    public void Default_journal_goes_to_the_systemd_state_directory_when_there_is_one()
    {
        var config = Parse(ValidJson(), stateDirectory: "/var/lib/gameops-agent");

        Assert.Equal("/var/lib/gameops-agent/journal.jsonl", config.JournalPath);
    }

    [Fact]
    public void Relative_journal_path_is_resolved_next_to_the_config_file()
    {
        var json = ValidJson();
        json["journalPath"] = "state/jobs.jsonl";

        Assert.Equal("/etc/gameops/state/jobs.jsonl", Parse(json).JournalPath);
    }

    [Fact]
    public void Loopback_h2c_needs_no_fingerprint()
    {
        var json = ValidJson();
        json["controlPlaneUrl"] = "http://127.0.0.1:5080";
        json.Remove("certificateFingerprint");

        var config = Parse(json);

        Assert.Equal("http", config.ControlPlaneUrl.Scheme);
        Assert.Null(config.CertificateFingerprint);
    }

    [Theory]
    [InlineData("controlPlaneUrl", null, "controlPlaneUrl is required")]
    [InlineData("controlPlaneUrl", "ftp://example.com", "controlPlaneUrl must be an http:// or https:// URL")]
    [InlineData("controlPlaneUrl", "http://gameops.example.com:5080", "controlPlaneUrl may use http:// only for a loopback address")]
    [InlineData("controlPlaneUrl", "https://gameops.example.com/agents", "controlPlaneUrl must be the gateway's scheme, host and port only")]
    [InlineData("certificateFingerprint", null, "certificateFingerprint is required with an https:// controlPlaneUrl")]
    [InlineData("certificateFingerprint", "abcd", "certificateFingerprint must be a SHA-256 fingerprint")]
    [InlineData("hostId", null, "hostId is required")]
    [InlineData("hostId", "Host One", "hostId must be 1 to 64 lowercase letters")]
    [InlineData("credential", null, "credential is required")]
    [InlineData("journalPath", "", "journalPath must name a file")]
    public void Invalid_top_level_field_is_named(string field, string? value, string expected)
    {
        var error = Invalid(json => json[field] = value);

        Assert.Contains(error.Problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(301)]
    public void Heartbeat_outside_its_range_is_named(int seconds)
    {
        var error = Invalid(json => json["heartbeatSeconds"] = seconds);

        Assert.Contains("heartbeatSeconds must be between 1 and 300", error.Problems);
    }

    [Theory]
    [InlineData("address", "127.0.0.1", "servers[1].address must be host:port")]
    [InlineData("address", "127.0.0.1:70000", "servers[1].address must be host:port")]
    [InlineData("address", "::1:27015", "servers[1].address must be host:port")]
    [InlineData("address", null, "servers[1].address is required")]
    [InlineData("id", "MC!", "servers[1].id must be 1 to 64 lowercase letters")]
    [InlineData("id", "cs2-main", "servers[1].id 'cs2-main' is already used by servers[0]")]
    [InlineData("kind", "no-such-game", "servers[1].kind 'no-such-game' is not a game kind this agent has an adapter for (one of: ")]
    [InlineData("kind", null, "servers[1].kind is required")]
    [InlineData("password", null, "servers[1].password is required")]
    [InlineData("name", "", "servers[1].name must be 1 to 100 characters")]
    public void Invalid_server_field_is_named_with_its_index(string field, string? value, string expected)
    {
        var error = Invalid(json => json["servers"]![1]![field] = value);

        Assert.Contains(error.Problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Action_the_adapter_lacks_is_named_with_the_adapters_actions()
    {
        var error = Invalid(json => json["servers"]![1]!["allowedActions"] = new JsonArray("players.list", "server.restart"));

        Assert.Contains(
            "servers[1].allowedActions[1] 'server.restart' is not an action of kind 'source-rcon' (its actions: console.raw, chat.say, players.list)",
            error.Problems);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Invalid(json =>
        {
            json.Remove("hostId");
            json["servers"]![0]!["address"] = "nowhere";
        });

        Assert.Equal(2, error.Problems.Count);
    }

    [Fact]
    public void Misspelt_setting_is_refused_by_name()
    {
        var error = Invalid(json => json["heartbeatSecond"] = 5);

        Assert.Contains("heartbeatSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_never_repeat_a_secret()
    {
        const string badCredential = "has a space-5c1d";
        var error = Invalid(json =>
        {
            json["credential"] = badCredential;
            json["servers"]![0]!["address"] = "bad";
            json["servers"]![0]!["password"] = "secret-9f8e\0x";
        });

        Assert.Contains("credential must be at most 1024 printable ASCII characters without spaces", error.Problems);
        Assert.DoesNotContain(badCredential, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("servers[0].password must not contain a NUL character", error.Problems);
        Assert.DoesNotContain("secret-9f8e", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_names_the_file_and_position()
    {
        var error = Assert.Throws<AgentConfigException>(
            () => AgentConfigLoader.Parse("{ \"hostId\": ", ConfigPath, GameAdapterRegistry.BuiltInKinds));

        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var json = """
            {
              // The loopback gateway of an embedded control plane.
              "controlPlaneUrl": "http://localhost:5080",
              "hostId": "host-1",
              "credential": "abc",
              "servers": [],
            }
            """;

        var config = AgentConfigLoader.Parse(json, ConfigPath, GameAdapterRegistry.BuiltInKinds);

        Assert.Empty(config.Servers);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var path = _temp.Combine("missing.json");

        var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(path, GameAdapterRegistry.BuiltInKinds));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_comes_from_the_command_line_then_the_environment_then_the_default()
    {
        Assert.Equal("/a.json", AgentConfigLoader.ResolvePath(["--config", "/a.json"], "/env.json"));
        Assert.Equal("/b.json", AgentConfigLoader.ResolvePath(["--config=/b.json"], "/env.json"));
        Assert.Equal("/env.json", AgentConfigLoader.ResolvePath([], "/env.json"));
        Assert.Equal("/etc/gameops/agent.json", AgentConfigLoader.ResolvePath([], null));
        Assert.Throws<AgentConfigException>(() => AgentConfigLoader.ResolvePath(["--config"], null));
    }

    [Fact]
    public void Example_config_shipped_with_the_agent_is_valid()
    {
        var config = AgentConfigLoader.Load(Path.Combine(RepositoryRoot(), "src", "EdgeAgent", "agent.example.json"), GameAdapterRegistry.BuiltInKinds);

        Assert.Equal("https", config.ControlPlaneUrl.Scheme);
        Assert.NotNull(config.CertificateFingerprint);
        Assert.Equal(["players.list", "chat.say"], config.Servers[1].AllowedActions);
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GameOps.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return root.FullName;
    }

    /// <summary>
    /// The agent as built in its own project (same configuration and framework as this test assembly): its copy in
    /// this folder resolves Microsoft.Extensions.* from the ASP.NET Core framework the tests reference, which the
    /// agent's own runtimeconfig does not name.
    /// </summary>
    private static string AgentBuildOutput()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        return Path.Combine(RepositoryRoot(), "src", "EdgeAgent", "bin", configuration, framework, "gameops-agent.dll");
    }

    [Fact]
    public async Task Agent_process_exits_with_the_config_error_and_a_message_naming_the_field()
    {
        var path = _temp.Combine("agent.json");
        var json = ValidJson();
        json["servers"]![1]!["address"] = "no-port";
        await File.WriteAllTextAsync(path, json.ToJsonString());
        var agent = AgentBuildOutput();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { agent, "--config", path },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(78, process.ExitCode);
        Assert.Contains("servers[1].address must be host:port", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Credential, await stderr + await stdout, StringComparison.Ordinal);
    }
}
