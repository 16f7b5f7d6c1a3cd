namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>PEP 440 "Version specifiers" comparison operators.</summary>
internal enum Pep440Operator
{
    Compatible,
    Equal,
    NotEqual,
    LessThanOrEqual,
    GreaterThanOrEqual,
    LessThan,
    GreaterThan,
    Arbitrary,
}
