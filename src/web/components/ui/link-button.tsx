import { Link, type LinkProps } from 'react-router';
import { buttonStyles, type ButtonSize, type ButtonVariant } from './button-styles';

type LinkButtonProps = LinkProps & { variant?: ButtonVariant; size?: ButtonSize };

/** A navigation that looks like a button (e.g. an empty state's call to action). */
export function LinkButton({ variant, size, className, ...props }: LinkButtonProps) {
  return (
    <Link
      className={buttonStyles(variant, size, typeof className === 'string' ? className : undefined)}
      {...props}
    />
  );
}
