using Microsoft.Data.Sqlite;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// One open SQLite connection with its prepared commands. A session is lent to one caller at a time
/// by <see cref="SqliteDatabase"/> and must not be kept after the callback returns.
/// </summary>
public sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    internal SqliteSession(SqliteConnection connection) => Connection = connection;

    /// <summary>The session's open connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>
    /// Returns this session's prepared command for <paramref name="sql"/>, creating and preparing it on
    /// first use with one parameter per name, in order. Callers set every parameter's value by index
    /// before each execution; SQLite compiles the statement once per session, not once per call.
    /// </summary>
    /// <param name="sql">Constant SQL text; it is the cache key, so never build it from values.</param>
    /// <param name="parameterNames">The statement's parameter names (with their <c>$</c> prefix).</param>
    public SqliteCommand Command(string sql, params ReadOnlySpan<string> parameterNames)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        command = Connection.CreateCommand();
        try
        {
#pragma warning disable CA2100 // The text is a constant of the calling store; values travel as parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            _commands.Add(sql, command);
            return command;
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the prepared commands and closes the connection.</summary>
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }
}
