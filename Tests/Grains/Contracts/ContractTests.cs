using System.Reflection;
using System.Text.Json;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Serialization;

namespace Maildriver.Tests.Grains.Contracts;

/// <summary>
/// The grain contracts (Grains.Abstractions) are ready for Orleans's wire: every record, enum and exception carries
/// [GenerateSerializer] and [Alias], every field [Id], every grain interface and method [Alias]; everything a grain
/// method takes or returns is a contract type or a type Orleans serializes itself; and Orleans's serializer carries
/// every record across with every field intact.
/// </summary>
public sealed class ContractTests
{
    private static readonly Assembly Contracts = typeof(ClusterView).Assembly;

    // Compares a record and its copy field by field, through their JSON.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // Orleans's code generator adds public codecs and copiers of its own (namespace OrleansCodeGen): not ours to check.
    private static readonly Type[] Ours = Contracts.GetExportedTypes().Where(t => t.Namespace?.StartsWith("Maildriver.", StringComparison.Ordinal) == true).ToArray();

    private static readonly Type[] Interfaces = Ours.Where(t => t.IsInterface).ToArray();

    private static readonly Type[] DataTypes = Ours
        .Where(t => !t.IsInterface && !(t.IsAbstract && t.IsSealed)) // static classes hold constants, not data
        .ToArray();

    public static TheoryData<string> DataTypeNames => [.. DataTypes.Select(t => t.FullName!)];

    public static TheoryData<string> RecordNames => [.. DataTypes.Where(IsRecord).Select(t => t.FullName!)];

    public static TheoryData<string> SerializableRecordNames => [.. DataTypes.Where(IsRecord).Select(t => t.FullName!)];

    public static TheoryData<string> ExceptionNames => [.. DataTypes.Where(t => typeof(Exception).IsAssignableFrom(t)).Select(t => t.FullName!)];

    [Fact]
    public void The_contracts_assembly_holds_every_grain_interface_the_client_and_grains_use()
    {
        Assert.Equal(
            ["IInboxGrain", "ILieutenantGrain", "IMachineMonitorGrain", "IMailServer", "IMailboxObserver", "IMasterGrain", "IReplicaGrain"],
            Interfaces.Select(i => i.Name).Order());
    }

    [Theory]
    [MemberData(nameof(DataTypeNames))]
    public void Every_record_enum_and_exception_has_a_generated_serializer_and_an_alias(string name)
    {
        var type = Contracts.GetType(name)!;
        Assert.NotNull(type.GetCustomAttribute<GenerateSerializerAttribute>());
        Assert.Equal($"Maildriver.{type.Name}", type.GetCustomAttribute<AliasAttribute>()?.Alias);
    }

    [Theory]
    [MemberData(nameof(RecordNames))]
    public void Every_settable_property_of_a_record_has_a_distinct_field_id(string name)
    {
        var type = Contracts.GetType(name)!;
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null).ToList();
        Assert.NotEmpty(fields);
        var missing = fields.Where(p => p.GetCustomAttribute<IdAttribute>() is null).Select(p => p.Name);
        Assert.Empty(missing);
        var ids = fields.Select(p => p.GetCustomAttribute<IdAttribute>()!.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Every_grain_interface_and_method_has_an_alias_unique_in_its_interface()
    {
        foreach (var grain in Interfaces)
        {
            Assert.Equal($"Maildriver.{grain.Name}", grain.GetCustomAttribute<AliasAttribute>()?.Alias);
            var aliases = grain.GetMethods().Select(m => m.GetCustomAttribute<AliasAttribute>()?.Alias ?? $"(none on {grain.Name}.{m.Name})").ToList();
            Assert.DoesNotContain(aliases, a => a.StartsWith("(none", StringComparison.Ordinal));
            Assert.Equal(aliases.Count, aliases.Distinct().Count());
        }
    }

    [Fact]
    public void Every_type_a_grain_method_takes_or_returns_is_a_contract_or_a_type_Orleans_knows()
    {
        var foreign = Interfaces.SelectMany(i => i.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .SelectMany(Reachable)
            .Where(t => t.Assembly != Contracts && !IsBuiltIn(t))
            .Select(t => t.FullName)
            .Distinct()
            .Order();

        // The metrics records moved into the contracts with Runtime/'s removal: nothing crosses a wire from outside them.
        Assert.Empty(foreign);
    }

    [Theory]
    [MemberData(nameof(SerializableRecordNames))]
    public void Orleans_serializer_carries_every_record_with_every_field(string name)
    {
        var type = Contracts.GetType(name)!;
        var sample = new ContractSamples().Create(type);

        var copy = Serializer.Deserialize<object>(Serializer.SerializeToArray<object>(sample));

        Assert.IsType(type, copy);
        Assert.Equal(JsonSerializer.Serialize(sample, type, Web), JsonSerializer.Serialize(copy, type, Web));
    }

    [Theory]
    [MemberData(nameof(ExceptionNames))]
    public void Orleans_serializer_carries_every_exception_with_its_message(string name)
    {
        // Built through its smallest all-string constructor ("MD2 said no", or the machine, the detail...), each
        // argument distinct, so a field the copy drops or swaps shows in the message or in its [Id] properties.
        var type = Contracts.GetType(name)!;
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().Length > 0 && c.GetParameters().All(p => p.ParameterType == typeof(string)))
            .MinBy(c => c.GetParameters().Length)!;
        var error = (Exception)constructor.Invoke(constructor.GetParameters().Select((_, i) => (object)$"MD{i + 2} said no").ToArray());

        var copy = Serializer.Deserialize<Exception>(Serializer.SerializeToArray(error));

        Assert.IsType(type, copy);
        Assert.Equal(error.Message, copy.Message);
        Assert.Contains("MD2 said no", copy.Message);
        foreach (var field in type.GetProperties().Where(p => p.GetCustomAttribute<IdAttribute>() is not null))
        {
            Assert.Equal(field.GetValue(error), field.GetValue(copy));
        }
    }

    [Fact]
    public void A_letter_view_keeps_a_missing_body_missing()
    {
        var view = new LetterView("MD1.1", "alice", ["bob"], "hi", DateTimeOffset.UnixEpoch, null, Read: false);

        var copy = Serializer.Deserialize<LetterView>(Serializer.SerializeToArray(view));

        Assert.Null(copy!.Body);
        Assert.Equal(["bob"], copy.To);
    }

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(Contracts))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") is not null;

    private static bool IsBuiltIn(Type t)
        => t.IsPrimitive || t.IsEnum && t.Assembly == Contracts || t == typeof(string) || t == typeof(void) || t == typeof(Task)
           || t == typeof(DateTimeOffset) || t == typeof(TimeSpan) || t == typeof(Guid) || t == typeof(object) || t.Namespace == "System.Collections.Generic";

    /// <summary>The type, its generic arguments, and for a record of ours, the types of its properties, transitively.</summary>
    private static IEnumerable<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var work = new Stack<Type>([root]);
        while (work.TryPop(out var t))
        {
            t = Nullable.GetUnderlyingType(t) ?? t;
            if (t.IsArray) t = t.GetElementType()!;
            if (!seen.Add(t)) continue;
            if (t.IsGenericType)
            {
                foreach (var a in t.GetGenericArguments()) work.Push(a);
                if (t.Namespace is "System.Threading.Tasks" or "System.Collections.Generic") continue;
            }

            if (IsRecord(t))
            {
                foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
                {
                    work.Push(p.PropertyType);
                }
            }
        }

        return seen.Where(t => !(t.IsGenericType && t.Namespace is "System.Threading.Tasks" or "System.Collections.Generic"));
    }
}
