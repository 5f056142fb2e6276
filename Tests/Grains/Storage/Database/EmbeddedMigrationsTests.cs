using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Xunit;

namespace Maildriver.Tests.Grains.Storage.Database;

public sealed class EmbeddedMigrationsTests
{
    private const string Prefix = "App.Sql.sqlite.";

    [Theory]
    [InlineData(SiloDatabaseProviders.Sqlite)]
    [InlineData(SiloDatabaseProviders.Postgres)]
    public void The_grains_embed_the_mail_schema_for_each_provider(string provider)
    {
        var first = MailMigrations.Load(provider)[0];

        Assert.Equal((1, "mail"), (first.Version, first.Name));
        Assert.Contains("CREATE TABLE letters", first.Sql);
    }

    [Fact]
    public void An_unknown_provider_has_no_migrations()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MailMigrations.Load("oracle"));

        Assert.Contains("Maildriver.Grains.Storage.Sql.oracle.", error.Message);
    }

    [Fact]
    public void Resources_are_ordered_by_number_not_by_name()
    {
        var migrations = EmbeddedMigrations.FromResources(
            Prefix,
            [(Prefix + "0010_ten.sql", "10"), (Prefix + "0002_two.sql", "2"), (Prefix + "0001_one_and_more.sql", "1")]);

        Assert.Equal([(1, "one_and_more", "1"), (2, "two", "2"), (10, "ten", "10")], migrations.Select(m => (m.Version, m.Name, m.Sql)));
    }

    [Theory]
    [InlineData("grain_state.sql")]
    [InlineData("0001.sql")]
    [InlineData("0001_.sql")]
    [InlineData("0000_zero.sql")]
    [InlineData("v1_x.sql")]
    [InlineData("sub.0001_x.sql")]
    public void A_misnamed_resource_is_rejected(string file)
    {
        var error = Assert.Throws<InvalidOperationException>(() => EmbeddedMigrations.FromResources(Prefix, [(Prefix + file, "SELECT 1;")]));

        Assert.Contains(Prefix + file, error.Message);
    }

    [Fact]
    public void Two_resources_with_one_number_are_rejected()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => EmbeddedMigrations.FromResources(Prefix, [(Prefix + "0001_a.sql", "1"), (Prefix + "001_b.sql", "1")]));

        Assert.Contains("share number 1", error.Message);
    }
}
