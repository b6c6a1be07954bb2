import { Component, createRef, type ComponentChildren } from 'preact';
import { focusFirst, trapFocus } from './focus-trap';

interface DialogProps {
  id: string;
  title: string;
  onClose: () => void;
  closeLabel: string;
  returnFocus?: Element | null;
  children: ComponentChildren;
}

/** A modal dialog: labelled, focus moved in and trapped, Esc closes, focus returns to where it was. */
export class Dialog extends Component<DialogProps> {
  ref = createRef<HTMLDivElement>();

  override componentDidMount() {
    focusFirst(this.ref.current);
  }

  override componentWillUnmount() {
    const opener = this.props.returnFocus as HTMLElement | null | undefined;
    // After the render that closes the dialog has also taken `inert` off the banner below it.
    void Promise.resolve().then(() => opener?.isConnected && opener.focus());
  }

  render(props: DialogProps) {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        props.onClose();
      } else trapFocus(() => this.ref.current)(e);
    };
    return (
      <div class="backdrop">
        <div
          ref={this.ref}
          class="dialog"
          role="dialog"
          aria-modal="true"
          aria-labelledby={`${props.id}-title`}
          onKeyDown={onKey}
        >
          <div class="dialog-head">
            <h2 id={`${props.id}-title`} tabIndex={-1}>
              {props.title}
            </h2>
            <button type="button" class="icon" aria-label={props.closeLabel} onClick={props.onClose}>
              ×
            </button>
          </div>
          {props.children}
        </div>
      </div>
    );
  }
}
