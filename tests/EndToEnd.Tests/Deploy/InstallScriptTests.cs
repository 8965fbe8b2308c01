using System.Text.Json;
using GameOps.Grains.Hosts;

namespace GameOps.EndToEnd.Tests.Deploy;

/// <summary>
/// The install command "add host" shows, run as written against a real silo process: deploy/install-agent.sh under a
/// temporary --root (so it creates no user and leaves systemd alone), with the build's agent as the binary it installs
/// and whose <c>enrol</c> it runs.
/// </summary>
[Trait("Category", "Slow")]
public sealed class InstallScriptTests(InstallScriptTests.SiloFixture fixture) : IClassFixture<InstallScriptTests.SiloFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new();

    private string Root => _temp.Combine("root");

    private string ConfigPath => Path.Combine(Root, "etc", "gameops", "agent.json");

    private string InstalledBinary => Path.Combine(Root, "usr", "local", "bin", "gameops-agent");

    private string Binary => _temp.Combine("gameops-agent");

    [Fact]
    public async Task Install_command_installs_and_enrols_an_agent_that_then_connects()
    {
        var host = await fixture.Api.CreateHostAsync();

        var (exitCode, output) = await RunAsync(host.Enrolment.Command);

        Assert.True(exitCode == 0, output);
        using var config = JsonDocument.Parse(File.ReadAllText(ConfigPath));
        var credential = config.RootElement.GetProperty("credential").GetString()!;
        Assert.Equal(host.Host.Id, config.RootElement.GetProperty("hostId").GetString());
        Assert.Equal(host.Enrolment.Install.ControlPlaneUrl, config.RootElement.GetProperty("controlPlaneUrl").GetString());
        Assert.StartsWith("goh_", credential, StringComparison.Ordinal);
        Assert.Equal(0, config.RootElement.GetProperty("servers").GetArrayLength());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigPath));
        Assert.Equal(File.ReadAllText(Binary), File.ReadAllText(InstalledBinary));
        Assert.True(File.Exists(Path.Combine(Root, "etc", "systemd", "system", "gameops-agent.service")));
        Assert.DoesNotContain(credential, output, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath + ".enrolling"));

        await using var agent = AgentProcess.StartWithConfig(_temp.Path, ConfigPath);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
    }

    [Fact]
    public async Task Running_again_without_a_token_upgrades_the_binary_and_keeps_the_config()
    {
        var (_, before) = await InstalledAsync();
        WriteBinary("two");

        var (exitCode, output) = await RunAsync($"sudo {InstallCommand.Script}");

        Assert.True(exitCode == 0, output);
        Assert.Equal(before, File.ReadAllText(ConfigPath));
        Assert.Contains("# build two", File.ReadAllText(InstalledBinary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spent_token_is_refused_and_changes_nothing()
    {
        var (host, before) = await InstalledAsync();
        WriteBinary("two");

        var (exitCode, output) = await RunAsync(host.Enrolment.Command);

        Assert.Equal(77, exitCode);
        Assert.Contains("already used", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(ConfigPath));
        Assert.Contains("# build one", File.ReadAllText(InstalledBinary), StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath + ".enrolling"));
    }

    [Fact]
    public async Task Config_of_another_host_is_never_overwritten_and_that_hosts_token_stays_unused()
    {
        var (first, before) = await InstalledAsync();
        var second = await fixture.Api.CreateHostAsync();

        var (exitCode, output) = await RunAsync(second.Enrolment.Command);

        Assert.Equal(3, exitCode);
        Assert.Contains($"belongs to host '{first.Host.Id}', not '{second.Host.Id}'", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(ConfigPath));
        Assert.Equal(second.Host.Id, (await AgentEnrolment.EnrolAsync(second.Enrolment.Install)).HostId);
    }

    [Fact]
    public async Task First_install_without_a_token_is_refused_as_a_usage_error()
    {
        var (exitCode, output) = await RunAsync($"sudo {InstallCommand.Script}");

        Assert.Equal(64, exitCode);
        Assert.Contains("--token is required", output, StringComparison.Ordinal);
        Assert.False(File.Exists(InstalledBinary));
    }

    /// <summary>A new host installed with its command; the config that wrote.</summary>
    private async Task<(NewHost Host, string Config)> InstalledAsync()
    {
        var host = await fixture.Api.CreateHostAsync();
        var (exitCode, output) = await RunAsync(host.Enrolment.Command);
        Assert.True(exitCode == 0, output);
        return (host, File.ReadAllText(ConfigPath));
    }

    /// <summary>
    /// Runs <paramref name="command"/> as a user pastes it, from the repository root, without sudo (--root needs none)
    /// and with --root, the build's agent as --binary, and --no-start added.
    /// </summary>
    private async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        if (!File.Exists(Binary))
        {
            WriteBinary("one");
        }

        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["sudo", InstallCommand.Script], words[..2]);
        await using var script = ConsoleProcess.Start(
            "bash", [.. words[1..], "--root", Root, "--binary", Binary, "--no-start"], RepositoryPaths.Root);
        var exitCode = await script.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exitCode, script.Output);
    }

    // The build's agent under dotnet, in the place of the Native AOT binary; the build label tells the copies apart.
    private void WriteBinary(string build)
    {
        File.WriteAllText(Binary, $"#!/bin/sh\n# build {build}\nexec dotnet \"{RepositoryPaths.AgentDll}\" \"$@\"\n");
        File.SetUnixFileMode(Binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>One silo process for the class; each test makes its own hosts.</summary>
    public sealed class SiloFixture : IAsyncLifetime
    {
        private readonly TempDirectory _folder = new();

        private SiloProcess _silo = null!;

        public GameOpsApi Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _silo = await SiloProcess.StartAsync(_folder.Path, Patience);
            Api = await GameOpsApi.ForAsync(_silo, _folder.Path);
        }

        public async Task DisposeAsync()
        {
            Api.Dispose();
            await _silo.DisposeAsync();
            _folder.Dispose();
        }
    }
}
