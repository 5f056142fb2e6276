using System.Reflection;

namespace Maildriver.Tests.Grains.Contracts;

/// <summary>
/// Builds an instance of any contract record from its primary constructor, with a distinct value in every field
/// (nested records, lists and enums included), so a round trip that drops or swaps a field shows.
/// </summary>
internal sealed class ContractSamples
{
    private int _next;

    public object Create(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Create(underlying);
        }

        var n = ++_next;
        // Shaped like a letter id ("<machine>.<number>"), which computed properties such as LetterHeader.Origin parse.
        if (type == typeof(string)) return $"MD{n}.{n}";
        if (type == typeof(long)) return 1_000_000_000_000L + n;
        if (type == typeof(int)) return 1000 + n;
        if (type == typeof(bool)) return n % 2 == 1;
        if (type == typeof(double)) return n + 0.25;
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 12, 6, 7, 0, n % 60, TimeSpan.FromHours(1));
        if (type == typeof(TimeSpan)) return TimeSpan.FromMilliseconds(1500 + n);
        if (type == typeof(Guid)) return new Guid(n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        if (type == typeof(byte[])) return new byte[] { 1, (byte)n, 3 };
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(n % values.Length)!;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = Array.CreateInstance(element, 2);
            list.SetValue(Create(element), 0);
            list.SetValue(Create(element), 1);
            return list;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            var (key, value) = (type.GetGenericArguments()[0], type.GetGenericArguments()[1]);
            var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(key, value))!;
            dictionary.Add(Create(key), Create(value));
            return dictionary;
        }

        var constructor = PrimaryConstructor(type);
        var arguments = constructor.GetParameters().Select(p => Create(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }

    /// <summary>The record's positional constructor: the public one with the most parameters.</summary>
    public static ConstructorInfo PrimaryConstructor(Type type)
        => type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
               .Where(c => c.GetParameters().All(p => p.ParameterType != type))
               .OrderByDescending(c => c.GetParameters().Length)
               .FirstOrDefault()
           ?? throw new InvalidOperationException($"{type} has no public constructor to build a sample with");
}
