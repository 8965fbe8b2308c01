using System.Globalization;
using GameOps.Silo.Api;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>A console page's cursor and limit read as the REST endpoints read them: a bad one is refused with the API's message.</summary>
internal static class ConsoleListPage
{
    public static ListPage Read(string? cursor, int limit)
    {
        var errors = new Dictionary<string, string[]>();
        return ListPage.Read(limit.ToString(CultureInfo.InvariantCulture), cursor, errors)
            ?? throw new ConsoleInputException(string.Join(" ", errors.SelectMany(e => e.Value)));
    }
}
