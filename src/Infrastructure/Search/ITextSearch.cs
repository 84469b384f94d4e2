using System.Text;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Infrastructure.Search;

/// Narrows a query to rows whose text contains every word of a Chinese (or mixed) search.
public interface ITextSearch
{
    /// <paramref name="table"/> is the entity's table; the rows must carry a SearchText column.
    IQueryable<T> Matching<T>(IQueryable<T> source, string table, string query) where T : class;
}

public static class SearchTables
{
    public const string Needs = "Needs";
    public const string Volunteers = "Volunteers";
    public const string Organisations = "Organisations";
    public const string Funds = "Funds";
    public const string MicroGrantProjects = "MicroGrantProjects";

    public static IReadOnlySet<string> All { get; } = new HashSet<string> { Needs, Volunteers, Organisations, Funds, MicroGrantProjects };
}

/// SQLite: the FTS5 table "{table}Search" kept in step with the rows by triggers.
internal sealed class SqliteTextSearch(FiveSocietiesDbContext db) : ITextSearch
{
    public IQueryable<T> Matching<T>(IQueryable<T> source, string table, string query) where T : class
    {
        var tokens = QueryColumns.QueryTokens(query);
        if (tokens.Count == 0) return source;
        var match = new StringBuilder();
        foreach (var token in tokens) match.Append('"').Append(token.Replace("\"", "\"\"")).Append("\" ");
        if (!SearchTables.All.Contains(table))
            throw new ArgumentException($"{table} has no full-text index.", nameof(table));
        // The table name is one of ours (checked above); the words are a parameter.
#pragma warning disable EF1002
        var ids = db.Database.SqlQueryRaw<long>($"SELECT rowid AS \"Value\" FROM \"{table}Search\" WHERE \"{table}Search\" MATCH {{0}}", match.ToString().Trim());
#pragma warning restore EF1002
        return source.Where(e => ids.Contains(EF.Property<long>(e, "Id")));
    }
}

/// PostgreSQL: a GIN index on to_tsvector('simple', "SearchText").
internal sealed class PostgresTextSearch : ITextSearch
{
    public IQueryable<T> Matching<T>(IQueryable<T> source, string table, string query) where T : class
    {
        var tokens = QueryColumns.QueryTokens(query);
        if (tokens.Count == 0) return source;
        var words = string.Join(' ', tokens);
        return source.Where(e => EF.Functions.ToTsVector("simple", EF.Property<string>(e, QueryColumns.SearchText))
            .Matches(EF.Functions.PlainToTsQuery("simple", words)));
    }
}
