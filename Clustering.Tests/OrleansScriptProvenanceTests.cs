using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Maildriver.Clustering.OrleansSql;
using Maildriver.Clustering.Tests.Support;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// Orleans's scripts under deploy/ are Orleans's files, unchanged after Maildriver's note: the note names the dotnet/orleans
/// commit, path and git blob they came from, and the text after it hashes to that blob (git hash-object), so anyone
/// with Orleans's repository can check it (git cat-file -p BLOB). Orleans's licence is beside them, and the silo
/// embeds these very files.
/// </summary>
public sealed partial class OrleansScriptProvenanceTests
{
    private const string Commit = "e558829b0b0f696e98c222438106e643fb53928f";
    private const string EndOfNote = "-- ---- end of Maildriver's note ----\n";

    public static TheoryData<string, string, OrleansSqlComponent> Scripts => new()
    {
        { "deploy/postgres/orleans/PostgreSQL-Main.sql", "src/AdoNet/Shared/PostgreSQL-Main.sql", OrleansSqlComponent.Clustering },
        { "deploy/postgres/orleans/PostgreSQL-Clustering.sql", "src/AdoNet/Orleans.Clustering.AdoNet/PostgreSQL-Clustering.sql", OrleansSqlComponent.Clustering },
        { "deploy/postgres/orleans/PostgreSQL-Persistence.sql", "src/AdoNet/Orleans.Persistence.AdoNet/PostgreSQL-Persistence.sql", OrleansSqlComponent.Persistence },
        { "deploy/sqlite/orleans/Sqlite-Main.sql", "src/AdoNet/Shared/Sqlite-Main.sql", OrleansSqlComponent.Persistence },
        { "deploy/sqlite/orleans/Sqlite-Persistence.sql", "src/AdoNet/Orleans.Persistence.AdoNet/Sqlite-Persistence.sql", OrleansSqlComponent.Persistence },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void After_the_note_the_file_is_the_Orleans_blob_the_note_names(string file, string orleansPath, OrleansSqlComponent component)
    {
        var bytes = File.ReadAllBytes(RepositoryFiles.PathOf(file));
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf(EndOfNote, StringComparison.Ordinal);
        Assert.True(end > 0, $"{file} has no provenance note");
        var note = text[..end];
        Assert.Contains($"commit {Commit}", note);
        Assert.Contains($"file {orleansPath} (git blob ", note);

        var blob = BlobPattern().Match(note).Groups[1].Value;
        var body = bytes[Encoding.UTF8.GetByteCount(text[..(end + EndOfNote.Length)])..];
        Assert.Equal(blob, GitBlobId(body));

        // The silo installs exactly this file.
        var dialect = file.Contains("postgres", StringComparison.Ordinal) ? OrleansSqlDialect.PostgreSql : OrleansSqlDialect.Sqlite;
        var embedded = OrleansSqlScriptCatalog.For(dialect, component).Single(s => s.Name == Path.GetFileName(file));
        Assert.Equal(bytes, embedded.Content);
    }

    [Theory]
    [InlineData("deploy/postgres/orleans/LICENSE")]
    [InlineData("deploy/sqlite/orleans/LICENSE")]
    public void Orleans_MIT_licence_is_beside_the_scripts(string file)
    {
        var licence = File.ReadAllText(RepositoryFiles.PathOf(file));
        Assert.StartsWith("The MIT License (MIT)", licence);
        Assert.Contains("Copyright (c) .NET Foundation", licence);
    }

    private static string GitBlobId(byte[] content)
        => Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    [GeneratedRegex("git blob ([0-9a-f]{40})")]
    private static partial Regex BlobPattern();
}
