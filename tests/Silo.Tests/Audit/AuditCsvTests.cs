using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Silo.Audit;

namespace GameOps.Silo.Tests.Audit;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("line\nfeed", "\"line\nfeed\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_cell_is_quoted_as_RFC_4180_says_when_it_holds_a_comma_a_quote_or_a_line_break(string? value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("a=b", "a=b")]
    public void A_cell_a_spreadsheet_would_read_as_a_formula_starts_with_an_apostrophe(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));

    [Fact]
    public void An_entry_is_one_CRLF_ended_row_in_the_header_order()
    {
        var entry = new AuditEntry(
            Guid.Empty, "org", new DateTimeOffset(2026, 12, 3, 18, 0, 0, 5, TimeSpan.FromHours(1)), new Actor(ActorKind.Web, "u1", null), "web",
            "host/h1", "host.register", "Registered host =evil", """{"name":"=evil, \"x\""}""");
        var csv = AuditCsv.HeaderRow() + AuditCsv.EntryRow(entry);

        Assert.Equal(
            "at,actorKind,actor,address,via,target,action,summary,changes\r\n"
            + "2026-12-03T17:00:00.005Z,Web,u1,,web,host/h1,host.register,Registered host =evil,\"{\"\"name\"\":\"\"=evil, \\\"\"x\\\"\"\"\"}\"\r\n",
            csv);
    }
}
