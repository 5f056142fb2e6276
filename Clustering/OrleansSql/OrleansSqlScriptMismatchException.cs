namespace Maildriver.Clustering.OrleansSql;

/// <summary>
/// A database records that one of Orleans's scripts was installed under a name this build also carries, but with
/// another text: the database was set up by another version of the scripts. Nothing was changed; the database needs a
/// migration to this build's schema, not a second run of the script.
/// </summary>
public sealed class OrleansSqlScriptMismatchException : Exception
{
    /// <summary>A mismatch of <paramref name="scriptName"/>: installed as <paramref name="installedSha256"/>, carried as <paramref name="carriedSha256"/>.</summary>
    public OrleansSqlScriptMismatchException(string scriptName, string installedSha256, string carriedSha256)
        : base($"Orleans's script {scriptName} was installed in this database with SHA-256 {installedSha256}, but this build carries "
            + $"a different {scriptName} (SHA-256 {carriedSha256}). The database was set up by another version of the scripts; "
            + "it needs a migration to this build's schema, not a second run of the script. Nothing was changed.")
    {
        ScriptName = scriptName;
        InstalledSha256 = installedSha256;
        CarriedSha256 = carriedSha256;
    }

    /// <summary>The script's file name, as recorded in <c>maildriver_orleans_scripts</c>.</summary>
    public string ScriptName { get; }

    /// <summary>The SHA-256 the database recorded when the script was installed.</summary>
    public string InstalledSha256 { get; }

    /// <summary>The SHA-256 of the script this build carries.</summary>
    public string CarriedSha256 { get; }
}
