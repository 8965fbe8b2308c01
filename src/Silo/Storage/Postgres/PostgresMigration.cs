using System.Globalization;
using System.Reflection;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>One versioned step of the PostgreSQL schema, an embedded <c>Migrations/NNNN-name.sql</c> file.</summary>
public sealed record PostgresMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "GameOps.Silo.Storage.Postgres.Migrations.";

    /// <summary>Every migration shipped with this build, in version order.</summary>
    public static IReadOnlyList<PostgresMigration> All { get; } = Load();

    private static PostgresMigration[] Load()
    {
        var assembly = typeof(PostgresMigration).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
                .Select(name => Read(assembly, name))
                .OrderBy(migration => migration.Version),
        ];
    }

    private static PostgresMigration Read(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^".sql".Length];
        var version = int.Parse(name.AsSpan(0, name.IndexOf('-')), NumberStyles.None, CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new PostgresMigration(version, name, reader.ReadToEnd());
    }
}
