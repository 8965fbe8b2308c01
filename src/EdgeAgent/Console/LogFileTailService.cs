using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameOps.EdgeAgent.Console;

/// <summary>Polls the log file of every game server that names one (<c>logFile</c>) every <see cref="ConsoleLogOptions.TailInterval"/>.</summary>
public sealed partial class LogFileTailService(
    AgentConfig config,
    ConsoleLogPipeline pipeline,
    IOptions<ConsoleLogOptions> options,
    TimeProvider time,
    ILogger<LogFileTailService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tailers = config.Servers
            .Where(server => server.LogFile is not null)
            .Select(server => new LogFileTailer(server.Id, server.LogFile!, pipeline))
            .ToList();
        if (tailers.Count == 0)
        {
            return;
        }

        var failing = new HashSet<string>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(options.Value.TailInterval, time);
        try
        {
            do
            {
                foreach (var tailer in tailers)
                {
                    try
                    {
                        tailer.Poll();
                        if (failing.Remove(tailer.ServerId))
                        {
                            LogReadingAgain(tailer.ServerId, tailer.Path);
                        }
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                        // A log file the agent may not read must not stop the others; logged once until it reads again.
                        if (failing.Add(tailer.ServerId))
                        {
                            LogReadFailed(tailer.ServerId, tailer.Path, exception);
                        }
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            tailers.ForEach(tailer => tailer.Dispose());
        }
    }

    [LoggerMessage(EventId = 73, Level = LogLevel.Warning, Message = "Could not read the log file of game server {ServerId} ({Path}); trying again")]
    private partial void LogReadFailed(string serverId, string path, Exception exception);

    [LoggerMessage(EventId = 74, Level = LogLevel.Information, Message = "Reading the log file of game server {ServerId} ({Path}) again")]
    private partial void LogReadingAgain(string serverId, string path);
}
