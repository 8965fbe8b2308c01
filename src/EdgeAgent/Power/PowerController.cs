using System.Diagnostics;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.EdgeAgent.Power;

/// <summary>
/// Runs the power actions: <c>systemctl</c> with a fixed argument list on the server's configured unit, or the
/// supervisor command the config gives for the action. Both are argument arrays handed to the program directly (no
/// shell), and no string from a job reaches them. A restart succeeds only once the game's console answers again.
/// </summary>
public sealed partial class PowerController(IOptions<PowerOptions> options, TimeProvider timeProvider, ILogger<PowerController> logger)
{
    private readonly PowerOptions _options = options.Value;

    /// <summary>The program and arguments <paramref name="action"/> runs for <paramref name="power"/>.</summary>
    public IReadOnlyList<string> CommandFor(ServerPowerConfig power, string action)
    {
        if (power.SystemdUnit is { } unit)
        {
            var verb = action switch
            {
                GameActions.ServerStart => "start",
                GameActions.ServerStop => "stop",
                GameActions.ServerRestart => "restart",
                GameActions.ServerStatus => "is-active",
                _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not a power action"),
            };
            return [_options.Systemctl, "--no-ask-password", verb, unit];
        }

        return power.Commands.TryGetValue(action, out var command)
            ? command
            : throw new ArgumentOutOfRangeException(nameof(action), action, "no command configured");
    }

    /// <exception cref="GameAdapterException">The command failed, or a restarted game's console did not answer in time.</exception>
    public async Task<GameResult> ExecuteAsync(GameServerConfig server, IGameAdapter adapter, string action, CancellationToken cancellationToken)
    {
        var power = server.Power ?? throw new GameAdapterException($"game server '{server.Id}' has no power configuration on this host");
        var command = CommandFor(power, action);
        var (exitCode, output) = await RunAsync(command, cancellationToken);
        LogRan(server.Id, action, exitCode);

        // is-active answers "inactive" with exit code 3: for status the answer is the result, whatever the code.
        if (action == GameActions.ServerStatus)
        {
            return new GameResult(output);
        }

        if (exitCode != 0)
        {
            throw new GameAdapterException(
                $"{action} of game server '{server.Id}' failed: {Path.GetFileName(command[0])} exited with code {exitCode}" + (output.Length > 0 ? $": {output}" : ""));
        }

        if (action == GameActions.ServerRestart)
        {
            await WaitUntilConsoleAnswersAsync(server, adapter, power.RestartWait, cancellationToken);
            return new GameResult(output.Length > 0 ? output : $"restarted; the console of game server '{server.Id}' answers again");
        }

        return new GameResult(output);
    }

    private async Task WaitUntilConsoleAnswersAsync(GameServerConfig server, IGameAdapter adapter, TimeSpan wait, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                await adapter.ProbeAsync(server, cancellationToken);
                return;
            }
            catch (GameAdapterException)
            {
                // Still starting: the console refuses connections until the game has loaded.
            }

            if (timeProvider.GetElapsedTime(started) >= wait)
            {
                throw new GameAdapterException(
                    $"game server '{server.Id}' was restarted, but its console did not answer within {wait.TotalSeconds:0} s");
            }

            await Task.Delay(_options.RestartProbeInterval, timeProvider, cancellationToken);
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new GameAdapterException($"could not run {command[0]}: {exception.Message}", exception);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = ((await stdout).Trim() + "\n" + (await stderr).Trim()).Trim();
        return (process.ExitCode, output.Length <= _options.MaxOutputLength ? output : output[.._options.MaxOutputLength]);
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Power action {Action} on game server {ServerId} exited with code {ExitCode}")]
    private partial void LogRan(string serverId, string action, int exitCode);
}
