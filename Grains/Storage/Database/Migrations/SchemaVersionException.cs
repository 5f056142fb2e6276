namespace Maildriver.Grains.Storage.Database.Migrations;

/// <summary>
/// The database's schema does not fit this build: it was migrated by a newer version, or a recorded migration
/// differs from the one this build knows under the same number.
/// </summary>
public sealed class SchemaVersionException(string message) : Exception(message);
