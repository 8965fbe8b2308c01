using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace GameOps.Silo.Health;

/// <summary>
/// Whether cluster mode's membership store answers a PING. Orleans keeps its own Redis connection to itself, so this
/// check holds one more, made on first use and left to reconnect by itself.
/// </summary>
public sealed class RedisHealthCheck(string connectionString) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken);
            await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy("Redis is reachable.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Redis is not reachable.", exception);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } connected)
        {
            return connected;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is null)
            {
                var options = ConfigurationOptions.Parse(connectionString);

                // A readiness probe must answer within its own timeout, not queue behind a lost connection.
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2_000;
                options.AsyncTimeout = 2_000;
                options.BacklogPolicy = BacklogPolicy.FailFast;
                _connection = await ConnectionMultiplexer.ConnectAsync(options);
            }

            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }
}
