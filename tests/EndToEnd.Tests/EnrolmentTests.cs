using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;

namespace GameOps.EndToEnd.Tests;

/// <summary>
/// "Add host" to a running job through the install command's enrolment alone: the real agent process enrols over the
/// TLS gateway pinned to the command's fingerprint, writes its credential into its config and connects with it
/// (InstallScriptTests run the whole command, the script included).
/// </summary>
[Trait("Category", "Slow")]
public sealed class EnrolmentTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Agent_enrolled_by_the_install_command_connects_over_pinned_tls_and_runs_a_job_and_the_token_works_once()
    {
        var gatewayUrl = $"https://127.0.0.1:{TestPorts.Free()}";
        await using var system = await RunningSystem.StartAsync(
            command => command == "status" ? "hostname: Enrolled\n" : "", [$"--Kestrel:Endpoints:Gateway:Url={gatewayUrl}"], enrolled: false);
        var configPath = system.Folder.Combine("agent", "agent.json");

        // The operator's config names the game servers; enrolment adds where to connect and as whom.
        Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
        var servers = new[] { new { id = "main", name = "Main", kind = "source-rcon", address = $"127.0.0.1:{system.Game.Port}", password = RunningSystem.RconPassword } };
        File.WriteAllText(configPath, JsonSerializer.Serialize(new { servers }, GameOpsApi.Json));
        File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (exitCode, output) = await AgentProcess.EnrolAsync(system.Folder.Path, system.Host.Enrolment.Command, configPath);
        Assert.True(exitCode == 0, output);
        await using var agent = AgentProcess.StartWithConfig(system.Folder.Path, configPath);
        await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, Patience);
        var job = await system.Api.CreateJobAsync(system.Host.Host.Id);
        var done = await system.Api.WaitForJobAsync(job.Id, j => j.IsFinished, Patience);
        var (secondExit, secondOutput) = await AgentProcess.EnrolAsync(system.Folder.Path, system.Host.Enrolment.Command, system.Folder.Combine("second", "agent.json"));

        Assert.Contains("--certificate-fingerprint ", system.Host.Enrolment.Command, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Contains("hostname: Enrolled", done.Output, StringComparison.Ordinal);
        using var written = JsonDocument.Parse(File.ReadAllText(configPath));
        Assert.Equal(system.Host.Host.Id, written.RootElement.GetProperty("hostId").GetString());
        Assert.StartsWith("goh_", written.RootElement.GetProperty("credential").GetString(), StringComparison.Ordinal);
        Assert.Equal("main", written.RootElement.GetProperty("servers")[0].GetProperty("id").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configPath));
        Assert.DoesNotContain(written.RootElement.GetProperty("credential").GetString()!, output, StringComparison.Ordinal);

        Assert.Equal(77, secondExit);
        Assert.Contains("already used", secondOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(system.Folder.Combine("second", "agent.json")));
    }

    [Fact]
    public async Task Revoked_agent_is_cut_off_and_enrolled_again_it_keeps_its_host()
    {
        await using var system = await RunningSystem.StartAsync(_ => "", enrolled: false);
        var configPath = system.Folder.Combine("agent", "agent.json");
        var (exitCode, output) = await AgentProcess.EnrolAsync(system.Folder.Path, system.Host.Enrolment.Command, configPath);
        Assert.True(exitCode == 0, output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configPath));
        await using (var first = AgentProcess.StartWithConfig(system.Folder.Path, configPath))
        {
            await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, Patience);

            using var revoked = await system.Api.RevokeCredentialAsync(system.Host.Host.Id);
            revoked.EnsureSuccessStatusCode();

            await first.Process.WaitForOutputAsync("revoked", Patience);
            Assert.Equal(HostStatus.Offline, (await system.Api.GetHostAsync(system.Host.Host.Id)).Status);

            // It keeps dialling with the revoked credential and is refused each time (after up to 30 s, the refused pace).
            await Eventually.ReadAsync(() => Task.FromResult(first.Process.Output), output => Refusals(output) >= 2, Patience);
            Assert.Equal(HostStatus.Offline, (await system.Api.GetHostAsync(system.Host.Host.Id)).Status);
        }

        var reenrolment = await system.Api.CreateEnrolmentAsync(system.Host.Host.Id);
        (exitCode, output) = await AgentProcess.EnrolAsync(system.Folder.Path, reenrolment.Command, configPath);
        Assert.True(exitCode == 0, output);
        await using var again = AgentProcess.StartWithConfig(system.Folder.Path, configPath);
        var online = await system.Api.WaitForHostAsync(system.Host.Host.Id, HostStatus.Online, Patience);

        Assert.Equal(system.Host.Host.Id, online.Id);
    }

    [Fact]
    public async Task Expired_token_is_refused_by_enrol_with_exit_code_77_and_no_config_is_written()
    {
        // The shortest lifetime there is; the host's token is made as the system starts.
        await using var system = await RunningSystem.StartAsync(_ => "", ["--GameOps:Agents:EnrolmentTokenLifetime=00:01:00"], enrolled: false);
        var configPath = system.Folder.Combine("agent", "agent.json");
        var untilExpired = system.Host.Enrolment.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        Assert.InRange(untilExpired, TimeSpan.Zero, TimeSpan.FromSeconds(61));

        // Waiting out the token's real lifetime on the silo's real clock: no race, the deadline is fixed.
        await Task.Delay(untilExpired);
        var (exitCode, output) = await AgentProcess.EnrolAsync(system.Folder.Path, system.Host.Enrolment.Command, configPath);

        Assert.Equal(77, exitCode);
        Assert.Contains("expired", output, StringComparison.Ordinal);
        Assert.False(File.Exists(configPath));
        Assert.Contains("host.enrol.refuse", await system.Api.AuditActionsAsync($"host/{system.Host.Host.Id}"));
    }

    private static int Refusals(string output) =>
        output.Split("refused this host's credential", StringSplitOptions.None).Length - 1;
}
