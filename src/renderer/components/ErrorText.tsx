export function ErrorText({ children, id }: { children: string | null | undefined; id?: string }) {
  if (!children) return null;
  return (
    <p className="error-text" role="alert" id={id}>
      {children}
    </p>
  );
}
